package io.quarkube.kubelet;

/** One-line descriptions of failures for WARN logs: retries must not flood the log with stack traces. */
public final class Errors {

    private Errors() {
    }

    public static String describe(Throwable e) {
        Throwable cause = e;
        // HttpClient's ConnectException often has no message: name the innermost cause instead.
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage();
        if (message != null && message.endsWith(": null")) {
            message = message.substring(0, message.length() - ": null".length()); // a cause without a message
        }
        if (cause != e) {
            String inner = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return message == null ? inner : message + " (" + inner + ")";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
