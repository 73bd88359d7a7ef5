package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.quarkube.api.json.Json;

import java.util.Map;

/** DaemonSets, nodes and daemon pods as the api-server would store them. */
final class DaemonSetFixtures {
    static final String NS = "default";

    private DaemonSetFixtures() {
    }

    /** RollingUpdate with maxUnavailable 1 and maxSurge 0, as the api-server defaults it. */
    static DaemonSet daemonSet(String name) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name)
                .withGeneration(1L).withResourceVersion("1").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withRevisionHistoryLimit(10)
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(1)).withMaxSurge(new IntOrString(0)).endRollingUpdate()
                .endUpdateStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("busybox:1.28").endContainer()
                .withRestartPolicy("Always").endSpec().endTemplate()
                .endSpec().build();
    }

    static DaemonSet withImage(DaemonSet ds, String image) {
        DaemonSet copy = Json.copy(ds, DaemonSet.class);
        copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        copy.getMetadata().setGeneration(ds.getMetadata().getGeneration() + 1);
        return copy;
    }

    static DaemonSet withStrategy(DaemonSet ds, Object maxUnavailable, Object maxSurge) {
        DaemonSet copy = Json.copy(ds, DaemonSet.class);
        copy.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(intOrString(maxUnavailable));
        copy.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(intOrString(maxSurge));
        return copy;
    }

    private static IntOrString intOrString(Object value) {
        return value instanceof Integer i ? new IntOrString(i) : new IntOrString((String) value);
    }

    static Node node(String name, Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid("uid-" + name).withLabels(labels)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True")
                .withLastHeartbeatTime("2025-01-01T00:00:00Z").endCondition().endStatus()
                .build();
    }

    static Node node(String name) {
        return node(name, Map.of("kubernetes.io/hostname", name));
    }

    static Taint taint(String key, String effect) {
        return new Taint(effect, key, null, null);
    }

    /** A daemon pod of this template hash bound to the node, Running and Ready since {@code since} (or not ready). */
    static Pod daemonPod(DaemonSet ds, String name, String node, String hash, String created, String readySince) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name)
                .withCreationTimestamp(created).withResourceVersion("1")
                .addToLabels("app", "agent").addToLabels(DaemonPods.REVISION_HASH_LABEL, hash)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet")
                .withName(ds.getMetadata().getName()).withUid(ds.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("agent").withImage("busybox")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        pod.getSpec().setAffinity(DaemonPods.pinToNode(null, node));
        if (readySince != null) {
            pod.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("Ready").withStatus("True").withLastTransitionTime(readySince).build());
        }
        return pod;
    }
}
