package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;

/**
 * Pods (pkg/registry/core/pod/strategy.go): new pods are Pending; spec.nodeName changes only through a
 * binding; after creation only container images, activeDeadlineSeconds and added tolerations may change.
 */
@ApplicationScoped
public class PodStrategy extends SpecStatusStrategy<Pod, PodStatus> {
    static final String UPDATE_RULE = "pod updates may not change fields other than `spec.containers[*].image`, "
            + "`spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to "
            + "existing tolerations)";
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    public PodStrategy() {
        super(Resources.PODS, Pod::getStatus, Pod::setStatus);
    }

    @Override
    public void prepareForCreate(Pod pod) {
        if (pod.getSpec() != null) {
            PodSpecRules.applyDefaults(pod.getSpec());
            PodSpecRules.addDefaultTolerations(pod.getSpec());
        }
        pod.setStatus(new PodStatusBuilder().withPhase("Pending").withQosClass(QosClass.of(pod)).build());
    }

    @Override
    public void validate(Pod pod, FieldErrors errors) {
        PodSpecRules.validate(pod.getSpec(), "spec", errors);
    }

    @Override
    public void validateUpdate(Pod updated, Pod old, FieldErrors errors) {
        validate(updated, errors);
        validateMirrorAnnotation(updated, old, errors);
        if (updated.getSpec() == null || old.getSpec() == null) {
            return;
        }
        if (!Objects.equals(updated.getSpec().getNodeName(), old.getSpec().getNodeName())
                && updated.getSpec().getNodeName() != null) {
            errors.forbidden("spec.nodeName", "may only be set through a binding");
        }
        PodSpec mutableBlanked = blankMutable(updated.getSpec(), old.getSpec());
        PodSpec oldBlanked = blankMutable(old.getSpec(), old.getSpec());
        if (!Objects.equals(Json.MAPPER.valueToTree(mutableBlanked), Json.MAPPER.valueToTree(oldBlanked))) {
            errors.forbidden("spec", UPDATE_RULE);
        }
        validateMutableChanges(updated.getSpec(), old.getSpec(), errors);
    }

    @Override
    public void prepareForUpdate(Pod updated, Pod old) {
        super.prepareForUpdate(updated, old);
        if (updated.getSpec() != null && old.getSpec() != null && updated.getSpec().getNodeName() == null) {
            updated.getSpec().setNodeName(old.getSpec().getNodeName());
        }
    }

    /**
     * A mirror pod stays a mirror and a pod never becomes one (ValidatePodSpecificAnnotationUpdates): the kubelet
     * owns kubernetes.io/config.mirror, which marks the read-only API copy of a static pod.
     */
    private static void validateMirrorAnnotation(Pod updated, Pod old, FieldErrors errors) {
        String before = annotation(old, MIRROR_ANNOTATION);
        String after = annotation(updated, MIRROR_ANNOTATION);
        if (before != null && !before.equals(after)) {
            errors.forbidden("metadata.annotations[" + MIRROR_ANNOTATION + "]",
                    "may not remove or update mirror pod annotation");
        } else if (before == null && after != null) {
            errors.forbidden("metadata.annotations[" + MIRROR_ANNOTATION + "]", "may not add mirror pod annotation");
        }
    }

    private static String annotation(Pod pod, String key) {
        return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(key);
    }

    /** A copy of {@code spec} with the fields a pod update may change replaced by those of {@code old}. */
    private static PodSpec blankMutable(PodSpec spec, PodSpec old) {
        PodSpec copy = Json.copy(spec, PodSpec.class);
        copy.setActiveDeadlineSeconds(null);
        copy.setTolerations(null);
        blankImages(copy.getContainers());
        blankImages(copy.getInitContainers());
        return copy;
    }

    private static void blankImages(List<Container> containers) {
        if (containers != null) {
            containers.forEach(c -> c.setImage(null));
        }
    }

    private static void validateMutableChanges(PodSpec updated, PodSpec old, FieldErrors errors) {
        Long deadline = updated.getActiveDeadlineSeconds();
        Long oldDeadline = old.getActiveDeadlineSeconds();
        if (oldDeadline == null && deadline != null && deadline <= 0) {
            errors.invalid("spec.activeDeadlineSeconds", deadline, "must be a positive integer");
        } else if (oldDeadline != null && (deadline == null || deadline > oldDeadline || deadline < 0)) {
            errors.invalid("spec.activeDeadlineSeconds", deadline,
                    "must be less than or equal to the previous value of " + oldDeadline);
        }
        var oldTolerations = old.getTolerations() == null ? List.of() : old.getTolerations();
        var newTolerations = updated.getTolerations() == null ? List.of() : updated.getTolerations();
        if (!newTolerations.containsAll(oldTolerations)) {
            errors.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds");
        }
    }
}
