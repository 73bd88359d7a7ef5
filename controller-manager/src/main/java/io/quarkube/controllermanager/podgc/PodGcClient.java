package io.quarkube.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

import java.util.Map;
import java.util.Optional;

/** The pod garbage collector's calls, behind an interface so that tests record them. */
public interface PodGcClient {
    /** A live GET: the cache may not have seen a node created a moment ago. */
    Optional<Node> getNode(String name);

    /** Strategic merge patch of pods/{name}/status. */
    void patchPodStatus(String namespace, String name, Map<String, Object> patch);

    /** DELETE with grace period 0, only if the pod still has this UID. */
    void forceDeletePod(String namespace, String name, String uid);

    static PodGcClient of(ApiClient api) {
        return new PodGcClient() {
            @Override
            public Optional<Node> getNode(String name) {
                return api.get(Resources.NODES, null, name);
            }

            @Override
            public void patchPodStatus(String namespace, String name, Map<String, Object> patch) {
                api.patchStatus(Resources.PODS, namespace, name, patch);
            }

            @Override
            public void forceDeletePod(String namespace, String name, String uid) {
                api.delete(Resources.PODS, namespace, name, new DeleteOptionsBuilder().withGracePeriodSeconds(0L)
                        .withNewPreconditions().withUid(uid).endPreconditions().build());
            }
        };
    }
}
