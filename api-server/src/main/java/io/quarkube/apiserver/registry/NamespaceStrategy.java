package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

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
        if (namespace.getSpec() == null) {
            namespace.setSpec(new NamespaceSpec(List.of("kubernetes")));
        }
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
