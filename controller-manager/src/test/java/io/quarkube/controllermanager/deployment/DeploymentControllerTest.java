package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.RecordingEnqueuer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.deployment.DeploymentHarness.deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DeploymentControllerTest {
    private final DeploymentHarness h = new DeploymentHarness();
    private final RecordingEnqueuer queue = new RecordingEnqueuer();
    private final DeploymentController controller = new DeploymentController(h.deployments, h.replicaSets, queue);

    @Test
    void replicaSetAndPodEventsGoToTheOwningDeployment() {
        h.create(deployment("web", 1, "1", "0", "v1"));
        h.create(deployment("api", 1, "1", "0", "v1"));
        h.sync("web");
        ReplicaSet rs = h.replicaSetsOf("web").get(0);
        h.reconcileOne(rs);
        Pod pod = h.podsOf(rs).get(0);

        controller.replicaSetHandler().onAdd(rs);
        controller.podHandler().onAdd(pod);
        Pod ready = Json.copy(pod, Pod.class);
        h.makeReady(ready);
        controller.podHandler().onUpdate(pod, h.pods.get("default", pod.getMetadata().getName()).orElseThrow());
        controller.podHandler().onUpdate(pod, pod); // nothing that matters changed
        controller.podHandler().onDelete(pod);
        assertEquals(List.of("default/web", "default/web", "default/web", "default/web"), queue.keys);
    }

    @Test
    void anOrphanReplicaSetGoesToEveryDeploymentWhoseSelectorMatchesIt() {
        h.create(deployment("web", 1, "1", "0", "v1"));
        h.create(deployment("api", 1, "1", "0", "v1"));
        Deployment web = h.get("web");
        ReplicaSet orphan = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder().withNewMetadata()
                .withNamespace("default").withName("stray").addToLabels("app", "web").endMetadata()
                .withNewSpec().withSelector(web.getSpec().getSelector()).endSpec().build();
        controller.replicaSetHandler().onAdd(orphan);
        assertEquals(List.of("default/web"), queue.keys);
    }
}
