package io.quarkube.api.client;

import io.fabric8.kubernetes.api.model.Status;

/** A non-2xx answer of the api-server, carrying its Kubernetes Status. */
public class ApiException extends RuntimeException {
    private final int code;
    private final transient Status status;

    public ApiException(int code, Status status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public int code() {
        return code;
    }

    public Status status() {
        return status;
    }

    public String reason() {
        return status == null ? null : status.getReason();
    }

    public boolean isNotFound() {
        return code == 404;
    }

    public boolean isConflict() {
        return code == 409;
    }

    /** A create refused because its namespace is being deleted: nothing to retry or report. */
    public boolean isNamespaceTerminating() {
        return code == 403 && status != null && status.getDetails() != null && status.getDetails().getCauses() != null
                && status.getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    /** True if {@code e} is an ApiException for a create in a terminating namespace. */
    public static boolean isNamespaceTerminating(Throwable e) {
        return e instanceof ApiException api && api.isNamespaceTerminating();
    }
}
