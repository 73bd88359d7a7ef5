package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.ResourceType;

import java.util.List;
import java.util.Optional;

/**
 * Reads and writes of objects of any kind, for controllers that are not tied to one (the garbage collector, the
 * namespace controller); tests record them instead (FakeObjectControl). Failures are {@code ApiException}s.
 */
public interface ObjectControl {
    /** A live GET: the api-server's current state, not the cache's. */
    Optional<HasMetadata> get(ResourceType<?> type, String namespace, String name);

    /** A live LIST of one namespace (all of it for cluster-scoped kinds). */
    List<HasMetadata> list(ResourceType<?> type, String namespace);

    /** PUT of the whole object with its resourceVersion; 409 if it changed meanwhile. */
    HasMetadata update(ResourceType<?> type, HasMetadata object);

    void delete(ResourceType<?> type, String namespace, String name, DeleteOptions options);

    /** PUT namespaces/{name}/finalize with the namespace's new spec.finalizers. */
    Namespace finalizeNamespace(Namespace namespace);

    /** DeleteOptions with this propagation policy, applying only to the object with this UID. */
    static DeleteOptions deleteOptions(String propagationPolicy, String uid) {
        return new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
                .withPropagationPolicy(propagationPolicy)
                .withNewPreconditions().withUid(uid).endPreconditions()
                .build();
    }
}
