package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * apps/v1 ControllerRevisions: immutable snapshots of a StatefulSet's or DaemonSet's template (Kubernetes'
 * controllerrevision strategy). The data may never change after create; the revision number may, since a
 * controller renumbers an old revision it rolls back to.
 */
@ApplicationScoped
public class ControllerRevisionStrategy extends DataOnlyStrategy<ControllerRevision> {

    public ControllerRevisionStrategy() {
        super(Resources.CONTROLLER_REVISIONS);
    }

    @Override
    public void prepareForCreate(ControllerRevision revision) {
        defaultRevision(revision);
    }

    @Override
    public void prepareForUpdate(ControllerRevision updated, ControllerRevision old) {
        defaultRevision(updated);
    }

    @Override
    public void validate(ControllerRevision revision, FieldErrors errors) {
        if (revision.getData() == null) {
            errors.required("data");
        }
        if (revision.getRevision() != null && revision.getRevision() < 0) {
            errors.invalid("revision", revision.getRevision(), "must be greater than or equal to 0");
        }
    }

    @Override
    public void validateUpdate(ControllerRevision updated, ControllerRevision old, FieldErrors errors) {
        validate(updated, errors);
        // compared as JSON trees: the parsed data is a map whose number types depend on how it was read
        if (!Json.MAPPER.valueToTree(updated.getData()).equals(Json.MAPPER.valueToTree(old.getData()))) {
            errors.invalid("data", Json.writeString(updated.getData()), "field is immutable");
        }
    }

    /** Go's int64 is never absent: a revision without a number is revision 0. */
    private static void defaultRevision(ControllerRevision revision) {
        if (revision.getRevision() == null) {
            revision.setRevision(0L);
        }
    }
}
