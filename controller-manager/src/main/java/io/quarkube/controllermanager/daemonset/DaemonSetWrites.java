package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

import java.util.Optional;

/**
 * The DaemonSet controller's writes other than pods (its status and its ControllerRevisions), and the live reads
 * it makes when the cache may be stale; the API in production, a recorder in tests. Failures are ApiExceptions.
 */
public interface DaemonSetWrites {
    DaemonSet updateStatus(DaemonSet ds);

    Optional<DaemonSet> getDaemonSet(String namespace, String name);

    ControllerRevision createRevision(ControllerRevision revision);

    ControllerRevision updateRevision(ControllerRevision revision);

    void deleteRevision(String namespace, String name, String uid);

    Optional<ControllerRevision> getRevision(String namespace, String name);

    static DaemonSetWrites of(ApiClient api) {
        return new DaemonSetWrites() {
            @Override
            public DaemonSet updateStatus(DaemonSet ds) {
                return api.updateStatus(Resources.DAEMONSETS, ds);
            }

            @Override
            public Optional<DaemonSet> getDaemonSet(String namespace, String name) {
                return api.get(Resources.DAEMONSETS, namespace, name);
            }

            @Override
            public ControllerRevision createRevision(ControllerRevision revision) {
                return api.create(Resources.CONTROLLER_REVISIONS, revision);
            }

            @Override
            public ControllerRevision updateRevision(ControllerRevision revision) {
                return api.update(Resources.CONTROLLER_REVISIONS, revision);
            }

            @Override
            public void deleteRevision(String namespace, String name, String uid) {
                api.delete(Resources.CONTROLLER_REVISIONS, namespace, name, uid);
            }

            @Override
            public Optional<ControllerRevision> getRevision(String namespace, String name) {
                return api.get(Resources.CONTROLLER_REVISIONS, namespace, name);
            }
        };
    }
}
