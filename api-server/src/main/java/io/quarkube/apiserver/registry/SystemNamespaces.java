package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/** The namespaces every Kubernetes cluster has, created on first start. */
@ApplicationScoped
public class SystemNamespaces {
    private static final Logger LOG = Logger.getLogger(SystemNamespaces.class);
    private static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    void ensure(@Observes StartupEvent event, ResourceService resources) {
        for (String name : NAMES) {
            if (resources.store().get(Resources.NAMESPACES, null, name).isPresent()) {
                continue;
            }
            try {
                Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
                resources.create(Resources.NAMESPACES, null, ns);
                LOG.infof("created namespace %s", name);
            } catch (StatusException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }
}
