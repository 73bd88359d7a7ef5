package io.quarkube.apiserver.validation;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.errors.StatusException;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors as Kubernetes reports them (field path, reason, message) and throws one 422. */
public final class FieldErrors {
    private final List<StatusCause> causes = new ArrayList<>();

    public FieldErrors required(String field) {
        return add("FieldValueRequired", field, "Required value");
    }

    public FieldErrors invalid(String field, Object value, String detail) {
        return add("FieldValueInvalid", field, "Invalid value: " + quote(value) + ": " + detail);
    }

    public FieldErrors notSupported(String field, Object value, List<String> supported) {
        return add("FieldValueNotSupported", field, "Unsupported value: " + quote(value) + ": supported values: "
                + String.join(", ", supported.stream().map(FieldErrors::quote).toList()));
    }

    public FieldErrors duplicate(String field, Object value) {
        return add("FieldValueDuplicate", field, "Duplicate value: " + quote(value));
    }

    public FieldErrors forbidden(String field, String detail) {
        return add("FieldValueForbidden", field, "Forbidden: " + detail);
    }

    public FieldErrors tooLong(String field, int max) {
        return add("FieldValueTooLong", field, "Too long: may not be more than " + max + " bytes");
    }

    public boolean isEmpty() {
        return causes.isEmpty();
    }

    public List<StatusCause> causes() {
        return causes;
    }

    public void throwIfAny(ResourceType<?> type, String name) {
        if (!causes.isEmpty()) {
            throw StatusException.invalid(type, name, causes);
        }
    }

    private FieldErrors add(String reason, String field, String message) {
        StatusCause cause = new StatusCause();
        cause.setReason(reason);
        cause.setField(field);
        cause.setMessage(message);
        causes.add(cause);
        return this;
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
