package io.quarkube.kubelet.logs;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;

/** A log request the kubelet refuses, answered with a Kubernetes Status of this code. */
public final class LogRequestException extends RuntimeException {
    private final int code;
    private final String reason;

    LogRequestException(int code, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    static LogRequestException badRequest(String message) {
        return new LogRequestException(400, "BadRequest", message);
    }

    static LogRequestException notFound(String message) {
        return new LogRequestException(404, "NotFound", message);
    }

    public int code() {
        return code;
    }

    public Status status() {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withCode(code).withReason(reason).withMessage(getMessage()).build();
    }
}
