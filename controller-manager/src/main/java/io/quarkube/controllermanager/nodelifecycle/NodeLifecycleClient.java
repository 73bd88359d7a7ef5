package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

import java.util.Map;

/** The writes of the node lifecycle controller, behind an interface so that tests record them. */
public interface NodeLifecycleClient {
    /** Strategic merge patch of nodes/{name}/status; returns the node as stored. */
    Node patchNodeStatus(String name, Map<String, Object> patch);

    /** PUT of the node (its taints); 409 if it changed meanwhile. */
    Node updateNode(Node node);

    /** Strategic merge patch of pods/{name}/status. */
    void patchPodStatus(String namespace, String name, Map<String, Object> patch);

    /** Deletes the pod if it still has this UID; gracePeriodSeconds null = the pod's own. */
    void deletePod(String namespace, String name, String uid, Long gracePeriodSeconds);

    static NodeLifecycleClient of(ApiClient api) {
        return new NodeLifecycleClient() {
            @Override
            public Node patchNodeStatus(String name, Map<String, Object> patch) {
                return api.patchStatus(Resources.NODES, null, name, patch);
            }

            @Override
            public Node updateNode(Node node) {
                return api.update(Resources.NODES, node);
            }

            @Override
            public void patchPodStatus(String namespace, String name, Map<String, Object> patch) {
                api.patchStatus(Resources.PODS, namespace, name, patch);
            }

            @Override
            public void deletePod(String namespace, String name, String uid, Long gracePeriodSeconds) {
                api.delete(Resources.PODS, namespace, name, new DeleteOptionsBuilder()
                        .withGracePeriodSeconds(gracePeriodSeconds)
                        .withNewPreconditions().withUid(uid).endPreconditions().build());
            }
        };
    }
}
