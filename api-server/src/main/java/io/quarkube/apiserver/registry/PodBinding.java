package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * pods/binding (pkg/registry/core/pod/storage BindingREST): assigns a pod to a node exactly once. The row
 * lock of the update makes two concurrent bindings of one pod serialize; the second sees nodeName and is 409.
 */
@ApplicationScoped
public class PodBinding {
    private final ObjectStore store;

    public PodBinding(ObjectStore store) {
        this.store = store;
    }

    public Pod bind(String namespace, String podName, Binding binding) {
        if (binding.getMetadata() != null && binding.getMetadata().getName() != null
                && !binding.getMetadata().getName().equals(podName)) {
            throw StatusException.badRequest("name in binding (" + binding.getMetadata().getName()
                    + ") does not match the pod name in the URL (" + podName + ")");
        }
        if (binding.getTarget() == null || binding.getTarget().getName() == null
                || binding.getTarget().getName().isEmpty()) {
            throw StatusException.invalid(Resources.PODS, podName,
                    new io.quarkube.apiserver.validation.FieldErrors().required("target.name").causes());
        }
        String node = binding.getTarget().getName();
        String uid = binding.getMetadata() == null ? null : binding.getMetadata().getUid();
        return store.update(Resources.PODS, namespace, podName, pod -> {
            if (uid != null && !uid.isEmpty() && !uid.equals(pod.getMetadata().getUid())) {
                throw StatusException.conflict(Resources.PODS, podName, "Precondition failed: UID in precondition: "
                        + uid + ", UID in object meta: " + pod.getMetadata().getUid());
            }
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                throw StatusException.conflict(Resources.PODS, podName, "pod " + podName
                        + " is being deleted, cannot be assigned to a host");
            }
            String assigned = pod.getSpec().getNodeName();
            if (assigned != null && !assigned.isEmpty()) {
                throw StatusException.conflict(Resources.PODS, podName, "pod " + podName
                        + " is already assigned to node \"" + assigned + "\"");
            }
            pod.getSpec().setNodeName(node);
            if (binding.getMetadata() != null && binding.getMetadata().getAnnotations() != null) {
                var annotations = pod.getMetadata().getAnnotations() == null ? new HashMap<String, String>()
                        : new HashMap<>(pod.getMetadata().getAnnotations());
                annotations.putAll(binding.getMetadata().getAnnotations());
                pod.getMetadata().setAnnotations(annotations);
            }
            setScheduledCondition(pod);
            return pod;
        });
    }

    private static void setScheduledCondition(Pod pod) {
        List<PodCondition> conditions = pod.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(pod.getStatus().getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(ObjectMetaRules.now()).build());
        pod.getStatus().setConditions(conditions);
    }
}
