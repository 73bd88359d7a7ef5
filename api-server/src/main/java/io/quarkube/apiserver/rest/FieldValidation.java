package io.quarkube.apiserver.rest;

import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.validation.UnknownFields;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The fieldValidation query parameter (kubectl apply and create send Strict): unknown fields are a 400 under
 * Strict, a {@code Warning} response header under Warn (the default), and are dropped silently under Ignore.
 * They are never stored.
 */
final class FieldValidation {
    private FieldValidation() {
    }

    /** Drops the unknown fields of {@code object}; returns the warnings to send, or throws under Strict. */
    static List<String> check(Object object, String mode) {
        List<String> unknown = UnknownFields.strip(object);
        if (unknown.isEmpty() || "Ignore".equals(mode)) {
            return List.of();
        }
        if ("Strict".equals(mode)) {
            throw StatusException.badRequest("strict decoding error: " + unknown.stream()
                    .map(f -> "unknown field \"" + f + "\"").collect(Collectors.joining(", ")));
        }
        if (mode != null && !mode.isEmpty() && !"Warn".equals(mode)) {
            throw StatusException.badRequest("fieldValidation must be one of Ignore, Warn or Strict, not \""
                    + mode + "\"");
        }
        return unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    }

    /** Adds one RFC 7234 Warning header per message, as kube-apiserver does (kubectl prints them). */
    static Response withWarnings(Response response, List<String> warnings) {
        if (warnings.isEmpty()) {
            return response;
        }
        Response.ResponseBuilder builder = Response.fromResponse(response);
        for (String warning : warnings) {
            builder.header("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
        return builder.build();
    }
}
