package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

import java.util.Optional;

/** ControllerRevision reads and writes (history.Interface); tests keep them in memory instead. */
interface RevisionControl {
    /** 409 AlreadyExists if the name is taken. */
    ControllerRevision create(ControllerRevision revision);

    /** A live GET, to compare with a revision whose name is taken. */
    Optional<ControllerRevision> get(String namespace, String name);

    /** PUT with the revision's resourceVersion (a renumbering or an adoption); 409 if it changed. */
    ControllerRevision update(ControllerRevision revision);

    void delete(String namespace, String name, String uid);

    static RevisionControl over(ApiClient api) {
        return new RevisionControl() {
            @Override
            public ControllerRevision create(ControllerRevision revision) {
                return api.create(Resources.CONTROLLER_REVISIONS, revision);
            }

            @Override
            public Optional<ControllerRevision> get(String namespace, String name) {
                return api.get(Resources.CONTROLLER_REVISIONS, namespace, name);
            }

            @Override
            public ControllerRevision update(ControllerRevision revision) {
                return api.update(Resources.CONTROLLER_REVISIONS, revision);
            }

            @Override
            public void delete(String namespace, String name, String uid) {
                api.delete(Resources.CONTROLLER_REVISIONS, namespace, name, uid);
            }
        };
    }
}
