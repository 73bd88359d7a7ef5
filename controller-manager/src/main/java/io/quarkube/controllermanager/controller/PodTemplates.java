package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Builds a controller's new pod from its template, as Kubernetes' GetPodFromTemplate. */
public final class PodTemplates {
    private PodTemplates() {
    }

    /**
     * generateName "&lt;owner&gt;-", the owner's namespace, the template's labels, annotations and finalizers,
     * the controller reference, and a copy of the template's spec (the template is a cached object).
     */
    public static Pod newPod(PodTemplateSpec template, HasMetadata owner, OwnerReference controllerRef) {
        PodTemplateSpec copy = Json.copy(template, PodTemplateSpec.class);
        ObjectMeta templateMeta = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(owner.getMetadata().getName() + "-");
        meta.setNamespace(owner.getMetadata().getNamespace());
        meta.setLabels(templateMeta.getLabels() == null ? new HashMap<>() : templateMeta.getLabels());
        meta.setAnnotations(templateMeta.getAnnotations() == null ? new HashMap<>() : templateMeta.getAnnotations());
        meta.setFinalizers(templateMeta.getFinalizers() == null ? new ArrayList<>() : templateMeta.getFinalizers());
        meta.setOwnerReferences(new ArrayList<>(List.of(controllerRef)));
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(copy.getSpec());
        return pod;
    }
}
