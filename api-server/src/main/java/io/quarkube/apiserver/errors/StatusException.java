package io.quarkube.apiserver.errors;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.quarkube.api.ResourceType;

import java.util.List;

/**
 * A refusal that reaches the client as a Kubernetes Status with the same code, reason and message the real
 * api-server uses (apimachinery pkg/api/errors), so kubectl prints it the familiar way.
 */
public class StatusException extends RuntimeException {
    private final transient Status status;

    public StatusException(Status status) {
        super(status.getMessage(), null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.getCode();
    }

    private static StatusException of(int code, String reason, String message, ResourceType<?> type, String name,
                                      List<StatusCause> causes, String kindForDetails) {
        StatusBuilder b = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).withNewMetadata().endMetadata();
        if (type != null || name != null || causes != null) {
            b.withNewDetails()
                    .withName(name)
                    .withGroup(type == null || type.group().isEmpty() ? null : type.group())
                    .withKind(kindForDetails)
                    .withCauses(causes)
                    .endDetails();
        }
        return new StatusException(b.build());
    }

    public static StatusException notFound(ResourceType<?> type, String name) {
        return of(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found", type, name, null,
                type.plural());
    }

    public static StatusException alreadyExists(ResourceType<?> type, String name) {
        return of(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists", type, name,
                null, type.plural());
    }

    public static StatusException conflict(ResourceType<?> type, String name, String why) {
        return of(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name
                + "\": " + why, type, name, null, type.plural());
    }

    public static StatusException staleResourceVersion(ResourceType<?> type, String name) {
        return conflict(type, name, "the object has been modified; please apply your changes to the latest "
                + "version and try again");
    }

    public static StatusException invalid(ResourceType<?> type, String name, List<StatusCause> causes) {
        StringBuilder message = new StringBuilder(type.kind()).append(" \"").append(name).append("\" is invalid: ");
        for (int i = 0; i < causes.size(); i++) {
            StatusCause c = causes.get(i);
            message.append(i == 0 ? "" : ", ").append(c.getField()).append(": ").append(c.getMessage());
        }
        if (causes.size() > 1) {
            message.insert(message.indexOf(": ") + 2, "[").append("]");
        }
        return of(422, "Invalid", message.toString(), type, name, causes, type.kind());
    }

    public static StatusException badRequest(String message) {
        return of(400, "BadRequest", message, null, null, null, null);
    }

    public static StatusException unauthorized() {
        return of(401, "Unauthorized", "Unauthorized", null, null, null, null);
    }

    public static StatusException forbidden(String message) {
        return of(403, "Forbidden", message, null, null, null, null);
    }

    /**
     * Kubernetes' answer to a create in a terminating namespace: 403 with the cause NamespaceTerminating, which
     * controllers recognise and do not report as a failure.
     */
    public static StatusException namespaceTerminating(ResourceType<?> type, String name, String namespace) {
        String why = "unable to create new content in namespace " + namespace + " because it is being terminated";
        StatusCause cause = new StatusCause("metadata.namespace", why, "NamespaceTerminating");
        return of(403, "Forbidden", type.qualifiedPlural() + " \"" + name + "\" is forbidden: " + why, type, name,
                List.of(cause), type.plural());
    }

    public static StatusException methodNotAllowed(String message) {
        return of(405, "MethodNotAllowed", message, null, null, null, null);
    }

    public static StatusException pathNotFound(String path) {
        return of(404, "NotFound", "the server could not find the requested resource (path " + path + ")",
                null, null, null, null);
    }

    /** 410: a resourceVersion older than the retained history, or an expired continue token. */
    public static StatusException gone(String message) {
        return of(410, "Expired", message, null, null, null, null);
    }

    public static StatusException internal(String message) {
        return of(500, "InternalError", "Internal error occurred: " + message, null, null, null, null);
    }

    public static StatusException unavailable(String message) {
        return of(503, "ServiceUnavailable", message, null, null, null, null);
    }
}
