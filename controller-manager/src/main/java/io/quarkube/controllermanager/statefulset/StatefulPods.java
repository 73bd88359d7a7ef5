package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodTemplates;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A StatefulSet's pods: their stable identity (name {@code <set>-<ordinal>}, hostname, subdomain, labels), their
 * claims {@code <template>-<set>-<ordinal>} and the states the controller waits for (Kubernetes'
 * stateful_set_utils.go).
 */
final class StatefulPods {
    static final String API_VERSION = "apps/v1";
    static final String KIND = "StatefulSet";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";

    private static final Pattern NAME = Pattern.compile("(.*)-([0-9]+)$");

    private StatefulPods() {
    }

    /** The ordinal in the pod's name, or -1 if the name has none. */
    static int ordinal(Pod pod) {
        Matcher m = NAME.matcher(pod.getMetadata().getName());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String parentName(Pod pod) {
        Matcher m = NAME.matcher(pod.getMetadata().getName());
        return m.matches() ? m.group(1) : "";
    }

    static boolean isMemberOf(StatefulSet set, Pod pod) {
        return parentName(pod).equals(set.getMetadata().getName());
    }

    static int replicas(StatefulSet set) {
        Integer replicas = set.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    /** spec.ordinals.start, or 0. */
    static int startOrdinal(StatefulSet set) {
        StatefulSetSpec spec = set.getSpec();
        return spec.getOrdinals() == null || spec.getOrdinals().getStart() == null ? 0 : spec.getOrdinals().getStart();
    }

    static int endOrdinal(StatefulSet set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    static boolean inOrdinalRange(Pod pod, StatefulSet set) {
        int ordinal = ordinal(pod);
        return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
    }

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
        return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
    }

    static int minReadySeconds(StatefulSet set) {
        Integer min = set.getSpec().getMinReadySeconds();
        return min == null ? 0 : min;
    }

    /** Parallel pod management: create and delete without waiting for the others. */
    static boolean allowsBurst(StatefulSet set) {
        return "Parallel".equals(set.getSpec().getPodManagementPolicy());
    }

    static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        return templates == null ? List.of() : templates;
    }

    /** Right name, namespace and pod-name label for its ordinal. */
    static boolean identityMatches(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        Map<String, String> labels = pod.getMetadata().getLabels();
        return ordinal >= 0 && set.getMetadata().getName().equals(parentName(pod))
                && pod.getMetadata().getName().equals(podName(set, ordinal))
                && set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                && labels != null && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL));
    }

    /** Every volumeClaimTemplate has a pod volume of that name pointing at the ordinal's claim. */
    static boolean storageMatches(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        if (ordinal < 0) {
            return false;
        }
        Map<String, Volume> volumes = new HashMap<>();
        if (pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        }
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            Volume volume = volumes.get(template.getMetadata().getName());
            if (volume == null || volume.getPersistentVolumeClaim() == null
                    || !claimName(set, template, ordinal).equals(volume.getPersistentVolumeClaim().getClaimName())) {
                return false;
            }
        }
        return true;
    }

    /** The claims of the pod's ordinal, by template name: the template with its name, namespace, selector labels. */
    static Map<String, PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
        Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            PersistentVolumeClaim claim = Json.copy(template, PersistentVolumeClaim.class);
            ObjectMeta meta = claim.getMetadata();
            meta.setName(claimName(set, template, ordinal));
            meta.setNamespace(set.getMetadata().getNamespace());
            Map<String, String> labels = meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels());
            if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
            }
            meta.setLabels(labels);
            claim.setApiVersion("v1");
            claim.setKind("PersistentVolumeClaim");
            claim.setStatus(null);
            claims.put(template.getMetadata().getName(), claim);
        }
        return claims;
    }

    /** Pod volumes for the claims replace any volume of the same name; the others stay. */
    static void updateStorage(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> claims = claims(set, ordinal(pod));
        List<Volume> volumes = new ArrayList<>();
        claims.forEach((name, claim) -> {
            Volume volume = new Volume();
            volume.setName(name);
            volume.setPersistentVolumeClaim(new PersistentVolumeClaimVolumeSource(claim.getMetadata().getName(), false));
            volumes.add(volume);
        });
        if (pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().stream().filter(v -> !claims.containsKey(v.getName())).forEach(volumes::add);
        }
        pod.getSpec().setVolumes(volumes);
    }

    /** Name, namespace and the pod-name and pod-index labels (hostname and subdomain are set at creation only). */
    static void updateIdentity(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        pod.getMetadata().setName(podName(set, ordinal));
        pod.getMetadata().setNamespace(set.getMetadata().getNamespace());
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(pod.getMetadata().getLabels());
        labels.put(POD_NAME_LABEL, pod.getMetadata().getName());
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        pod.getMetadata().setLabels(labels);
    }

    /** The pod of this ordinal from the set's template: identity, hostname = its name, subdomain = serviceName. */
    static Pod newPod(StatefulSet set, int ordinal) {
        Pod pod = PodTemplates.newPod(set.getSpec().getTemplate(), set,
                ControllerRefs.newControllerRef(set, API_VERSION, KIND));
        pod.getMetadata().setGenerateName(null);
        pod.getMetadata().setName(podName(set, ordinal));
        updateIdentity(set, pod);
        pod.getSpec().setHostname(pod.getMetadata().getName());
        pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        updateStorage(set, pod);
        return pod;
    }

    /**
     * The pod of this ordinal at the revision it should have when created: the current one below the partition
     * of a RollingUpdate, the update revision otherwise (Kubernetes' newVersionedStatefulSetPod, including the
     * precedence of its condition).
     */
    static Pod newVersionedPod(StatefulSet currentSet, StatefulSet updateSet, String currentRevision,
                               String updateRevision, int ordinal) {
        var strategy = currentSet.getSpec().getUpdateStrategy();
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        boolean rollingType = strategy != null && "RollingUpdate".equals(strategy.getType());
        int start = startOrdinal(currentSet);
        int currentReplicas = currentSet.getStatus() == null || currentSet.getStatus().getCurrentReplicas() == null
                ? 0 : currentSet.getStatus().getCurrentReplicas();
        boolean current = (rollingType && rolling == null && ordinal < start + currentReplicas)
                || (rolling != null && ordinal < start + partition(currentSet));
        Pod pod = current ? newPod(currentSet, ordinal) : newPod(updateSet, ordinal);
        pod.getMetadata().getLabels().put(REVISION_LABEL, current ? currentRevision : updateRevision);
        return pod;
    }

    static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }

    static String revision(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String revision = labels == null ? null : labels.get(REVISION_LABEL);
        return revision == null ? "" : revision;
    }

    /** Known to the api-server (a pod built here but not created has no phase). */
    static boolean isCreated(Pod pod) {
        return PodUtil.phase(pod) != null && !PodUtil.phase(pod).isEmpty();
    }

    static boolean isPending(Pod pod) {
        return "Pending".equals(PodUtil.phase(pod));
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(PodUtil.phase(pod)) && PodUtil.isReady(pod);
    }

    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        return isRunningAndReady(pod) && PodUtil.isAvailable(pod, minReadySeconds, now);
    }

    static boolean isHealthy(Pod pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
        return !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
    }
}
