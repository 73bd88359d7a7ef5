package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes a pod a DaemonSet pod, as Kubernetes' pkg/controller/daemon/util: the labels that say which template
 * it was made from, the tolerations every DaemonSet pod gets, and the node affinity that pins it to its node.
 */
public final class DaemonPods {
    /** apps/v1 DefaultDaemonSetUniqueLabelKey. */
    public static final String REVISION_HASH_LABEL = "controller-revision-hash";
    /** DaemonSetTemplateGenerationKey, kept by Kubernetes for backward compatibility. */
    public static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    /** apps/v1 DeprecatedTemplateGeneration, set by a kube-apiserver on template changes. */
    static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
    static final String NODE_NAME_FIELD = "metadata.name";

    /** Oldest first; a scheduled pod before an unscheduled one (Kubernetes' podByCreationTimestampAndPhase). */
    static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> p.getSpec() == null || p.getSpec().getNodeName() == null
                    || p.getSpec().getNodeName().isEmpty())
            .thenComparing(p -> creation(p), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(p -> p.getMetadata().getName(), Comparator.nullsLast(Comparator.naturalOrder()));

    private DaemonPods() {
    }

    /**
     * The template generation: the deprecated annotation when an api-server keeps it, else the DaemonSet's
     * metadata.generation (bumped on every spec change, so never equal for two different templates).
     */
    static Long templateGeneration(DaemonSet ds) {
        Map<String, String> annotations = ds.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(TEMPLATE_GENERATION_ANNOTATION);
        if (value != null) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ds.getMetadata().getGeneration();
    }

    /** The pod is of the current template: its hash label (or template-generation label) says so. */
    static boolean isUpdated(Pod pod, String hash, Long generation) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        boolean hashMatches = hash != null && !hash.isEmpty() && hash.equals(labels.get(REVISION_HASH_LABEL));
        boolean generationMatches = generation != null
                && generation.toString().equals(labels.get(TEMPLATE_GENERATION_LABEL));
        return hashMatches || generationMatches;
    }

    /** A copy of the template with the default tolerations and the generation and hash labels (CreatePodTemplate). */
    static PodTemplateSpec podTemplate(PodTemplateSpec template, Long generation, String hash) {
        PodTemplateSpec copy = Json.copy(template, PodTemplateSpec.class);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        if (copy.getSpec() == null) {
            copy.setSpec(new PodSpec());
        }
        addDefaultTolerations(copy.getSpec());
        Map<String, String> labels = copy.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(copy.getMetadata().getLabels());
        if (generation != null) {
            labels.put(TEMPLATE_GENERATION_LABEL, generation.toString());
        }
        if (hash != null && !hash.isEmpty()) {
            labels.put(REVISION_HASH_LABEL, hash);
        }
        copy.getMetadata().setLabels(labels);
        return copy;
    }

    /**
     * DaemonSet pods survive node problems (no tolerationSeconds on the NoExecute ones) and are not kept off
     * nodes under pressure or cordoned (AddOrUpdateDaemonPodTolerations).
     */
    static void addDefaultTolerations(PodSpec spec) {
        addOrUpdate(spec, "node.kubernetes.io/not-ready", "NoExecute");
        addOrUpdate(spec, "node.kubernetes.io/unreachable", "NoExecute");
        addOrUpdate(spec, "node.kubernetes.io/disk-pressure", "NoSchedule");
        addOrUpdate(spec, "node.kubernetes.io/memory-pressure", "NoSchedule");
        addOrUpdate(spec, "node.kubernetes.io/pid-pressure", "NoSchedule");
        addOrUpdate(spec, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            addOrUpdate(spec, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
    }

    /** AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is replaced. */
    private static void addOrUpdate(PodSpec spec, String key, String effect) {
        Toleration wanted = new Toleration(effect, key, "Exists", null, null);
        List<Toleration> result = new ArrayList<>();
        boolean replaced = false;
        for (Toleration old : spec.getTolerations() == null ? List.<Toleration>of() : spec.getTolerations()) {
            if (Objects.equals(old.getKey(), key) && Objects.equals(old.getEffect(), effect)
                    && "Exists".equals(old.getOperator()) && (old.getValue() == null || old.getValue().isEmpty())) {
                result.add(wanted);
                replaced = true;
            } else {
                result.add(old);
            }
        }
        if (!replaced) {
            result.add(wanted);
        }
        spec.setTolerations(result);
    }

    /**
     * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term
     * matchFields metadata.name In [node] (the controller has already checked the template's own terms against
     * the node), so the scheduler can only bind the pod there. Preferred terms stay.
     */
    static Affinity pinToNode(Affinity affinity, String nodeName) {
        NodeSelectorRequirement requirement = new NodeSelectorRequirement(NODE_NAME_FIELD, "In",
                new ArrayList<>(List.of(nodeName)));
        NodeSelectorTerm term = new NodeSelectorTerm(null, new ArrayList<>(List.of(requirement)));
        NodeSelector required = new NodeSelector(new ArrayList<>(List.of(term)));
        Affinity result = affinity == null ? new Affinity() : affinity;
        if (result.getNodeAffinity() == null) {
            result.setNodeAffinity(new NodeAffinity());
        }
        result.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(required);
        return result;
    }

    /**
     * GetTargetNodeName: spec.nodeName once bound, else the node the matchFields metadata.name term names;
     * empty when the pod names no single node.
     */
    static Optional<String> targetNodeName(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return Optional.empty();
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            return Optional.of(spec.getNodeName());
        }
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return Optional.empty();
        }
        List<NodeSelectorTerm> terms = spec.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        for (NodeSelectorTerm term : terms == null ? List.<NodeSelectorTerm>of() : terms) {
            for (NodeSelectorRequirement r : term.getMatchFields() == null
                    ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if (NODE_NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())) {
                    return r.getValues() != null && r.getValues().size() == 1
                            ? Optional.of(r.getValues().get(0)) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static boolean isScheduled(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static Instant creation(Pod pod) {
        return PodUtil.time(pod.getMetadata().getCreationTimestamp());
    }
}
