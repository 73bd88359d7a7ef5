package io.quarkube.controllermanager;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkube.controllermanager.controller.ControllerRefs;

import java.util.ArrayList;
import java.util.Map;

/** ReplicaSets and pods as the informer would hold them. */
public final class Fixtures {
    public static final Map<String, String> APP = Map.of("app", "web");

    private Fixtures() {
    }

    /** ReplicaSet default/web selecting app=web, template labels app=web + tier=front. */
    public static ReplicaSet replicaSet(String name, int replicas) {
        return new ReplicaSetBuilder()
                .withApiVersion("apps/v1").withKind("ReplicaSet")
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withResourceVersion("7").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withSelector(new LabelSelectorBuilder().withMatchLabels(APP).build())
                .withNewTemplate()
                .withNewMetadata().addToLabels(APP).addToLabels("tier", "front")
                .addToAnnotations("note", "from-template").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A pod labelled app=web + tier=front, controlled by {@code owner} (null = orphan), created at {@code created}. */
    public static Pod pod(String name, ReplicaSet owner, String created) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withResourceVersion("3").withCreationTimestamp(created)
                .addToLabels(APP).addToLabels("tier", "front").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        if (owner != null) {
            OwnerReference ref = ControllerRefs.newControllerRef(owner, "apps/v1", "ReplicaSet");
            pod.getMetadata().setOwnerReferences(new ArrayList<>(java.util.List.of(ref)));
        }
        return pod;
    }

    public static Pod running(Pod pod, String node) {
        pod.getSpec().setNodeName(node);
        pod.getStatus().setPhase("Running");
        return pod;
    }

    /** Running on {@code node} and Ready since {@code since}. */
    public static Pod ready(Pod pod, String node, String since) {
        running(pod, node);
        pod.getStatus().setConditions(new ArrayList<>(java.util.List.of(
                new PodCondition(null, since, null, null, null, "True", "Ready"))));
        return pod;
    }
}
