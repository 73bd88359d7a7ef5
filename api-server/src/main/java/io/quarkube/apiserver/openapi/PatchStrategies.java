package io.quarkube.apiserver.openapi;

import java.util.Map;
import java.util.Optional;

/**
 * The strategic-merge-patch struct tags of the Go API types (patchStrategy, patchMergeKey), which fabric8's
 * classes do not carry. kubectl apply reads them from the OpenAPI v3 document to build its three-way patch;
 * without them it would replace whole lists (e.g. every container) instead of merging them by name.
 * Source: the tags compiled into kubectl 1.32 (k8s.io/api core/v1, apps/v1, batch/v1, meta/v1 types.go).
 */
final class PatchStrategies {
    record Strategy(String strategy, String mergeKey) {
    }

    private static final Strategy BY_NAME = new Strategy("merge", "name");
    private static final Strategy BY_TYPE = new Strategy("merge", "type");
    private static final Strategy BY_IP = new Strategy("merge", "ip");
    private static final Map<String, Strategy> CONDITIONS = Map.of("conditions", BY_TYPE);
    private static final Map<String, Map<String, Strategy>> BY_CLASS = Map.ofEntries(
            Map.entry("ObjectMeta", Map.of(
                    "finalizers", new Strategy("merge", null),
                    "ownerReferences", new Strategy("merge", "uid"))),
            Map.entry("PodSpec", Map.of(
                    "volumes", new Strategy("merge,retainKeys", "name"),
                    "initContainers", BY_NAME,
                    "containers", BY_NAME,
                    "ephemeralContainers", BY_NAME,
                    "imagePullSecrets", BY_NAME,
                    "hostAliases", BY_IP,
                    "topologySpreadConstraints", new Strategy("merge", "topologyKey"),
                    "schedulingGates", BY_NAME,
                    "resourceClaims", new Strategy("merge,retainKeys", "name"))),
            Map.entry("Container", containerLists()),
            Map.entry("EphemeralContainer", containerLists()),
            Map.entry("PodStatus", Map.of(
                    "conditions", BY_TYPE,
                    "podIPs", BY_IP,
                    "hostIPs", BY_IP,
                    "resourceClaimStatuses", new Strategy("merge,retainKeys", "name"))),
            Map.entry("ContainerStatus", Map.of("allocatedResourcesStatus", BY_NAME)),
            Map.entry("NodeSpec", Map.of("podCIDRs", new Strategy("merge", null))),
            Map.entry("NodeStatus", Map.of("conditions", BY_TYPE, "addresses", BY_TYPE)),
            Map.entry("NamespaceStatus", CONDITIONS),
            Map.entry("PersistentVolumeClaimStatus", CONDITIONS),
            Map.entry("DeploymentSpec", Map.of("strategy", new Strategy("retainKeys", null))),
            Map.entry("DeploymentStatus", CONDITIONS),
            Map.entry("ReplicaSetStatus", CONDITIONS),
            Map.entry("StatefulSetStatus", CONDITIONS),
            Map.entry("DaemonSetStatus", CONDITIONS),
            Map.entry("JobStatus", CONDITIONS));

    private PatchStrategies() {
    }

    static Optional<Strategy> of(Class<?> owner, String property) {
        Map<String, Strategy> fields = BY_CLASS.get(owner.getSimpleName());
        return Optional.ofNullable(fields == null ? null : fields.get(property));
    }

    private static Map<String, Strategy> containerLists() {
        return Map.of(
                "ports", new Strategy("merge", "containerPort"),
                "env", BY_NAME,
                "volumeMounts", new Strategy("merge", "mountPath"),
                "volumeDevices", new Strategy("merge", "devicePath"));
    }
}
