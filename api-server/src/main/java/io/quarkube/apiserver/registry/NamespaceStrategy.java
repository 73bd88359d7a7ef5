package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Namespaces: DNS-1123 label names, Active on creation, labelled with their own name as Kubernetes does. */
@ApplicationScoped
public class NamespaceStrategy extends SpecStatusStrategy<Namespace, NamespaceStatus> {

    public NamespaceStrategy() {
        super(Resources.NAMESPACES, Namespace::getStatus, Namespace::setStatus);
    }

    @Override
    public boolean nameIsLabel() {
        return true;
    }

    @Override
    public void prepareForCreate(Namespace namespace) {
        namespace.setStatus(new NamespaceStatus(List.of(), "Active"));
        // always the "kubernetes" finalizer, whatever spec the client sent (kubectl create namespace sends
        // "spec":{}): without it a delete would drop the namespace at once and leave its content behind
        List<String> finalizers = namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null
                ? new ArrayList<>() : new ArrayList<>(namespace.getSpec().getFinalizers());
        if (!finalizers.contains("kubernetes")) {
            finalizers.add("kubernetes");
        }
        namespace.setSpec(new NamespaceSpec(finalizers));
        var labels = namespace.getMetadata().getLabels() == null ? new HashMap<String, String>()
                : new HashMap<>(namespace.getMetadata().getLabels());
        labels.put("kubernetes.io/metadata.name", namespace.getMetadata().getName());
        namespace.getMetadata().setLabels(labels);
    }

    @Override
    public void validate(Namespace namespace, FieldErrors errors) {
        // name rules are checked for every kind
    }

    @Override
    public boolean tracksGeneration() {
        return false;
    }
}
