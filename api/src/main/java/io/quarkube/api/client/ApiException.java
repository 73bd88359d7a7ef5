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
}
