package io.quarkube.infra;

/**
 * Something the user must fix before the cluster can start. The message is one line saying what to do;
 * {@link #details()} optionally holds supporting text (e.g. the last lines of a log) to print after it.
 */
public class StartupException extends RuntimeException {
    private final String details;

    public StartupException(String message) {
        this(message, null, null);
    }

    public StartupException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public StartupException(String message, String details, Throwable cause) {
        super(message, cause);
        this.details = details;
    }

    /** Supporting text to show below the message, or null. */
    public String details() {
        return details;
    }
}
