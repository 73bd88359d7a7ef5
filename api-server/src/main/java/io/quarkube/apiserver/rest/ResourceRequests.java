package io.quarkube.apiserver.rest;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.registry.PodBinding;
import io.quarkube.apiserver.registry.ResourceService;
import io.quarkube.apiserver.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Maps a Kubernetes REST request (group, version, namespace, resource, name, subresource) onto the
 * registry. The JAX-RS classes only parse paths; everything the verbs mean is here.
 */
@ApplicationScoped
public class ResourceRequests {
    private final ResourceService resources;
    private final PodBinding binding;
    private final PodLogs logs;

    public ResourceRequests(ResourceService resources, PodBinding binding, PodLogs logs) {
        this.resources = resources;
        this.binding = binding;
        this.logs = logs;
    }

    public ResourceType<? extends HasMetadata> resolve(String group, String version, String plural,
                                                       String namespace, String path) {
        ResourceType<? extends HasMetadata> type = Resources.find(group, version, plural)
                .orElseThrow(() -> StatusException.pathNotFound(path));
        if (namespace != null && !type.namespaced()) {
            throw StatusException.pathNotFound(path);
        }
        return type;
    }

    public <T extends HasMetadata> Response list(ResourceType<T> type, String namespace,
                                                 MultivaluedMap<String, String> query) {
        if ("true".equals(query.getFirst("watch")) || "1".equals(query.getFirst("watch"))) {
            throw StatusException.methodNotAllowed("watch is not served yet: components read changes from Kafka");
        }
        ObjectStore.Listing<T> listing = resources.list(type, namespace, query.getFirst("labelSelector"),
                query.getFirst("fieldSelector"));
        return Bodies.json(200, Bodies.list(type, listing.items(), listing.resourceVersion()));
    }

    public <T extends HasMetadata> Response create(ResourceType<T> type, String namespace, byte[] body,
                                                   String contentType) {
        if (!type.namespaced()) {
            namespace = null;
        }
        T created = resources.create(type, namespace, Bodies.parseObject(body, type, contentType));
        return Bodies.json(201, created);
    }

    public <T extends HasMetadata> Response get(ResourceType<T> type, String namespace, String name) {
        return Bodies.json(200, resources.get(type, namespace, name));
    }

    public <T extends HasMetadata> Response update(ResourceType<T> type, String namespace, String name,
                                                   byte[] body, String contentType) {
        return Bodies.json(200, resources.update(type, namespace, name, Bodies.parseObject(body, type, contentType)));
    }

    public <T extends HasMetadata> Response delete(ResourceType<T> type, String namespace, String name, byte[] body,
                                                   String contentType) {
        DeleteOptions options = body == null || body.length == 0 ? null
                : Bodies.parse(body, DeleteOptions.class, contentType);
        return Bodies.json(200, resources.delete(type, namespace, name, options));
    }

    public <T extends HasMetadata> Response getSubresource(ResourceType<T> type, String namespace, String name,
                                                           String sub, MultivaluedMap<String, String> query) {
        if ("status".equals(sub)) {
            return get(type, namespace, name);
        }
        if ("log".equals(sub) && type == Resources.PODS) {
            return logs.fetch(resources.get(Resources.PODS, namespace, name), query);
        }
        throw StatusException.pathNotFound(type.itemPath(namespace, name) + "/" + sub);
    }

    public <T extends HasMetadata> Response putSubresource(ResourceType<T> type, String namespace, String name,
                                                           String sub, byte[] body, String contentType) {
        if (!"status".equals(sub)) {
            throw StatusException.methodNotAllowed("PUT is not supported on " + type.plural() + "/" + sub);
        }
        T object = Bodies.parseObject(body, type, contentType);
        return Bodies.json(200, resources.updateStatus(type, namespace, name, object));
    }

    public <T extends HasMetadata> Response postSubresource(ResourceType<T> type, String namespace, String name,
                                                            String sub, byte[] body, String contentType) {
        if (type == Resources.PODS && "binding".equals(sub)) {
            return bind(namespace, name, Bodies.parse(body, Binding.class, contentType));
        }
        throw StatusException.methodNotAllowed("POST is not supported on " + type.plural() + "/" + sub);
    }

    /** pods/binding and the legacy bindings collection; answers 201 with a Success Status as Kubernetes does. */
    public Response bind(String namespace, String podName, Binding request) {
        binding.bind(namespace, podName, request);
        return Bodies.json(201, new StatusBuilder().withStatus("Success").withCode(201).withNewMetadata()
                .endMetadata().build());
    }
}
