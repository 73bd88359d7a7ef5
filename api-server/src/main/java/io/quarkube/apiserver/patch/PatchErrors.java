package io.quarkube.apiserver.patch;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.quarkube.apiserver.errors.StatusException;

import java.util.List;
import java.util.stream.Collectors;

/** The Status objects the apiserver's patch handler (endpoints/handlers/patch.go) answers with. */
public final class PatchErrors {
    static final String NOT_APPLICABLE = "the server rejected our request due to an error in our request";

    private PatchErrors() {
    }

    /** 400: a patch document that cannot be decoded, or a malformed directive. */
    static StatusException badRequest(String message) {
        return StatusException.badRequest(message);
    }

    /**
     * 422 for a JSON patch that does not apply (failed test, missing path): upstream wraps the reason in a
     * generic server response whose text clients match on, so the detail stays out of the reply.
     */
    static StatusException notApplicable() {
        return new StatusException(new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                .withMessage(NOT_APPLICABLE).withNewMetadata().endMetadata().withNewDetails().endDetails().build());
    }

    /** 422: the patched document does not decode into the kind (field.Invalid on the path "patch"). */
    public static StatusException invalidPatch(String value, String detail) {
        String shown = value.length() > 256 ? value.substring(0, 256) + "..." : value;
        StatusCause cause = cause("FieldValueInvalid", "patch", "Invalid value: \"" + shown + "\": " + detail);
        return new StatusException(new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                .withMessage(" \"\" is invalid: patch: " + cause.getMessage()).withNewMetadata().endMetadata()
                .withNewDetails().withCauses(cause).endDetails().build());
    }

    /** 422 for bad PatchOptions (validation.ValidatePatchOptions), e.g. an apply patch without fieldManager. */
    static StatusException invalidOptions(List<StatusCause> causes) {
        String joined = causes.stream().map(c -> c.getField() + ": " + c.getMessage())
                .collect(Collectors.joining(", "));
        String message = "PatchOptions.meta.k8s.io \"\" is invalid: "
                + (causes.size() > 1 ? "[" + joined + "]" : joined);
        return new StatusException(new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                .withMessage(message).withNewMetadata().endMetadata().withNewDetails().withGroup("meta.k8s.io")
                .withKind("PatchOptions").withCauses(causes).endDetails().build());
    }

    /** 415 listing the patch types the server accepts, as negotiation.NewUnsupportedMediaTypeError words it. */
    static StatusException unsupportedMediaType(List<String> accepted) {
        return new StatusException(new StatusBuilder().withStatus("Failure").withCode(415)
                .withReason("UnsupportedMediaType").withNewMetadata().endMetadata()
                .withMessage("the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", accepted)).build());
    }

    static StatusException tooLarge(String message) {
        return new StatusException(new StatusBuilder().withStatus("Failure").withCode(413)
                .withReason("RequestEntityTooLarge").withNewMetadata().endMetadata()
                .withMessage("Request entity too large: " + message).build());
    }

    static StatusCause cause(String reason, String field, String message) {
        StatusCause cause = new StatusCause();
        cause.setReason(reason);
        cause.setField(field);
        cause.setMessage(message);
        return cause;
    }
}
