package io.quarkube.apiserver.patch;

import java.util.Map;

import static io.quarkube.apiserver.patch.PatchSchema.mergeBy;
import static io.quarkube.apiserver.patch.PatchSchema.set;
import static io.quarkube.apiserver.patch.PatchSchema.struct;

/**
 * The patchStrategy/patchMergeKey tags of k8s.io/api (core/v1, apps/v1, batch/v1) and ObjectMeta, for the kinds
 * quarkube serves. Lists without a strategy upstream (tolerations, envFrom, args, command, containerStatuses,
 * taints, volumeClaimTemplates...) are left out on purpose: they are replaced wholesale, as upstream does.
 */
public final class PatchSchemas {
    static final PatchSchema OBJECT_META = struct(
            "finalizers", set(),
            "ownerReferences", mergeBy("uid"));

    static final PatchSchema CONTAINER = struct(
            "ports", mergeBy("containerPort"),
            "env", mergeBy("name"),
            "volumeMounts", mergeBy("mountPath"),
            "volumeDevices", mergeBy("devicePath"));

    static final PatchSchema POD_SPEC = struct(
            "volumes", mergeBy("name"), // merge,retainKeys: $retainKeys is honoured wherever a patch sends it
            "initContainers", mergeBy("name", CONTAINER),
            "containers", mergeBy("name", CONTAINER),
            "ephemeralContainers", mergeBy("name", CONTAINER),
            "imagePullSecrets", mergeBy("name"),
            "hostAliases", mergeBy("ip"),
            "topologySpreadConstraints", mergeBy("topologyKey"),
            "schedulingGates", mergeBy("name"),
            "resourceClaims", mergeBy("name"));

    static final PatchSchema POD_STATUS = struct(
            "conditions", mergeBy("type"),
            "podIPs", mergeBy("ip"),
            "hostIPs", mergeBy("ip"),
            "resourceClaimStatuses", mergeBy("name"));

    static final PatchSchema POD_TEMPLATE = struct("metadata", OBJECT_META, "spec", POD_SPEC);
    static final PatchSchema CONDITIONS = struct("conditions", mergeBy("type"));
    static final PatchSchema WORKLOAD = kind(struct("template", POD_TEMPLATE), CONDITIONS);

    private static final PatchSchema GENERIC = struct("metadata", OBJECT_META);

    private static final Map<String, PatchSchema> BY_KIND = Map.ofEntries(
            Map.entry("Pod", kind(POD_SPEC, POD_STATUS)),
            Map.entry("ReplicaSet", WORKLOAD),
            Map.entry("Deployment", WORKLOAD),
            Map.entry("StatefulSet", WORKLOAD),
            Map.entry("DaemonSet", WORKLOAD),
            Map.entry("Job", WORKLOAD),
            Map.entry("CronJob", kind(struct("jobTemplate", struct("metadata", OBJECT_META,
                    "spec", struct("template", POD_TEMPLATE))), PatchSchema.ANY)),
            Map.entry("Node", kind(struct("podCIDRs", set()),
                    struct("conditions", mergeBy("type"), "addresses", mergeBy("type")))),
            Map.entry("Namespace", kind(PatchSchema.ANY, CONDITIONS)),
            Map.entry("PersistentVolumeClaim", kind(PatchSchema.ANY, CONDITIONS)),
            Map.entry("Service", kind(struct("ports", mergeBy("port")), CONDITIONS)));

    private PatchSchemas() {
    }

    /** The schema of a kind; kinds without list strategies below metadata get just ObjectMeta's. */
    public static PatchSchema forKind(String kind) {
        return BY_KIND.getOrDefault(kind, GENERIC);
    }

    private static PatchSchema kind(PatchSchema spec, PatchSchema status) {
        return struct("metadata", OBJECT_META, "spec", spec, "status", status);
    }
}
