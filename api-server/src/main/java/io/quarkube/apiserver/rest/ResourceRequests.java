package io.quarkube.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.patch.PatchErrors;
import io.quarkube.apiserver.patch.PatchRequest;
import io.quarkube.apiserver.patch.PatchType;
import io.quarkube.apiserver.patch.PatchedObjects;
import io.quarkube.apiserver.patch.Patches;
import io.quarkube.apiserver.registry.PodBinding;
import io.quarkube.apiserver.registry.ResourceService;
import io.quarkube.apiserver.registry.Scales;
import io.quarkube.apiserver.selection.Page;
import io.quarkube.apiserver.storage.ObjectStore;
import io.quarkube.apiserver.tables.TableConvertor;
import io.quarkube.apiserver.tables.TableFormat;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Maps a Kubernetes REST request (group, version, namespace, resource, name, subresource) onto the
 * registry. The JAX-RS classes only parse paths; everything the verbs mean is here.
 */
@ApplicationScoped
public class ResourceRequests {
    private final ResourceService resources;
    private final CurrentVertxRequest currentRequest;
    private final PodBinding binding;
    private final Patches patches;
    private final TableConvertor tables;

    public ResourceRequests(ResourceService resources, PodBinding binding, Patches patches,
                            TableConvertor tables, CurrentVertxRequest currentRequest) {
        this.currentRequest = currentRequest;
        this.resources = resources;
        this.binding = binding;
        this.patches = patches;
        this.tables = tables;
    }

    /** A query parameter of the current request (the JAX-RS classes pass only what every verb needs). */
    private String query(String name) {
        return currentRequest.getCurrent().request().getParam(name);
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
        return list(type, namespace, query, null);
    }

    /** The list, or a meta.k8s.io Table of it when the Accept header asks for one (kubectl get). */
    public <T extends HasMetadata> Response list(ResourceType<T> type, String namespace,
                                                 MultivaluedMap<String, String> query, String accept) {
        if ("true".equals(query.getFirst("watch")) || "1".equals(query.getFirst("watch"))) {
            throw StatusException.methodNotAllowed("watch is not served yet: components read changes from Kafka");
        }
        ObjectStore.Listing<T> listing = resources.list(type, namespace, query.getFirst("labelSelector"),
                query.getFirst("fieldSelector"));
        Page<T> page = Page.of(listing.items(), listing.resourceVersion(), query.getFirst("limit"),
                query.getFirst("continue"));
        Optional<TableFormat> table = TableFormat.negotiate(accept, query.getFirst("includeObject"));
        if (table.isPresent()) {
            return Bodies.json(200, tables.list(type, page.items(), Long.toString(page.resourceVersion()),
                    page.continueToken(), table.get()));
        }
        ObjectNode list = Bodies.list(type, page.items(), page.resourceVersion());
        if (page.continueToken() != null) {
            list.with("metadata").put("continue", page.continueToken())
                    .put("remainingItemCount", page.remainingItemCount());
        }
        return Bodies.json(200, list);
    }

    public <T extends HasMetadata> Response create(ResourceType<T> type, String namespace, byte[] body,
                                                   String contentType) {
        if (!type.namespaced()) {
            namespace = null;
        }
        T object = Bodies.parseObject(body, type, contentType);
        List<String> warnings = FieldValidation.check(object, query("fieldValidation"));
        return FieldValidation.withWarnings(Bodies.json(201, resources.create(type, namespace, object)), warnings);
    }

    public <T extends HasMetadata> Response get(ResourceType<T> type, String namespace, String name) {
        return get(type, namespace, name, null, null);
    }

    /** The object, or a one-row meta.k8s.io Table of it when the Accept header asks for one. */
    public <T extends HasMetadata> Response get(ResourceType<T> type, String namespace, String name, String accept,
                                                String includeObject) {
        Optional<TableFormat> table = TableFormat.negotiate(accept, includeObject);
        T object = resources.get(type, namespace, name);
        return Bodies.json(200, table.<Object>map(format -> tables.object(object, format)).orElse(object));
    }

    public <T extends HasMetadata> Response update(ResourceType<T> type, String namespace, String name,
                                                   byte[] body, String contentType) {
        T object = Bodies.parseObject(body, type, contentType);
        List<String> warnings = FieldValidation.check(object, query("fieldValidation"));
        return FieldValidation.withWarnings(Bodies.json(200, resources.update(type, namespace, name, object)),
                warnings);
    }

    public <T extends HasMetadata> Response delete(ResourceType<T> type, String namespace, String name, byte[] body,
                                                   String contentType) {
        DeleteOptions options = body == null || body.length == 0 ? null
                : Bodies.parse(body, DeleteOptions.class, contentType);
        return Bodies.json(200, resources.delete(type, namespace, name, options));
    }

    /** deletecollection: every selected object is deleted as by its own DELETE; answers the list of them. */
    public <T extends HasMetadata> Response deleteCollection(ResourceType<T> type, String namespace,
                                                             MultivaluedMap<String, String> query, byte[] body,
                                                             String contentType) {
        if (type == Resources.NAMESPACES) {
            throw StatusException.methodNotAllowed("namespaces do not support deletecollection");
        }
        DeleteOptions options = body == null || body.length == 0 ? null
                : Bodies.parse(body, DeleteOptions.class, contentType);
        ObjectStore.Listing<T> selected = resources.list(type, namespace, query.getFirst("labelSelector"),
                query.getFirst("fieldSelector"));
        java.util.List<T> deleted = new java.util.ArrayList<>();
        for (T object : selected.items()) {
            try {
                deleted.add(resources.delete(type, object.getMetadata().getNamespace(), object.getMetadata().getName(),
                        options));
            } catch (StatusException e) {
                if (e.code() != 404) { // deleted meanwhile: that is what was asked
                    throw e;
                }
            }
        }
        return Bodies.json(200, Bodies.list(type, deleted, resources.store().currentRevision()));
    }

    public <T extends HasMetadata> Response getSubresource(ResourceType<T> type, String namespace, String name,
                                                           String sub, MultivaluedMap<String, String> query) {
        if ("status".equals(sub)) {
            return get(type, namespace, name);
        }
        if ("scale".equals(sub) && type.hasSubresource("scale")) {
            return Bodies.json(200, Scales.toScale(Json.MAPPER.valueToTree(resources.get(type, namespace, name))));
        }
        // pods/log is served by PodLogs, a Vert.x route ahead of JAX-RS (it streams)
        throw StatusException.pathNotFound(type.itemPath(namespace, name) + "/" + sub);
    }

    public <T extends HasMetadata> Response putSubresource(ResourceType<T> type, String namespace, String name,
                                                           String sub, byte[] body, String contentType) {
        if (type == Resources.NAMESPACES && "finalize".equals(sub)) {
            Namespace finalized = Bodies.parseObject(body, Resources.NAMESPACES, contentType);
            return Bodies.json(200, resources.finalizeNamespace(name, finalized));
        }
        if ("scale".equals(sub) && type.hasSubresource("scale")) {
            JsonNode scale = Bodies.parse(body, JsonNode.class, contentType);
            T scaled = resources.patch(type, namespace, name, tree -> Scales.applyScale(type, tree, scale), false,
                    false);
            return Bodies.json(200, Scales.toScale(Json.MAPPER.valueToTree(scaled)));
        }
        if (!"status".equals(sub)) {
            throw StatusException.methodNotAllowed("PUT is not supported on " + type.plural() + "/" + sub);
        }
        T object = Bodies.parseObject(body, type, contentType);
        return Bodies.json(200, resources.updateStatus(type, namespace, name, object));
    }

    /**
     * PATCH of an object ({@code sub} null) or of its status, in any of the four patch types; server-side apply
     * creates a missing object and answers 201 then.
     */
    public <T extends HasMetadata> Response patch(ResourceType<T> type, String namespace, String name, String sub,
                                                  byte[] body, String contentType,
                                                  MultivaluedMap<String, String> query) {
        String ns = type.namespaced() ? namespace : null;
        if (sub != null && !type.hasSubresource(sub)) {
            throw StatusException.pathNotFound(type.itemPath(ns, name) + "/" + sub);
        }
        if ("scale".equals(sub)) {
            PatchRequest request = patches.parse(contentType, body, query, "autoscaling/v1", "Scale");
            T scaled = resources.patch(type, ns, name, tree -> Scales.applyScale(type, tree,
                    patches.apply(request, Scales.toScale(tree), "Scale")), false, request.dryRun());
            return Bodies.json(200, Scales.toScale(Json.MAPPER.valueToTree(scaled)));
        }
        if (sub != null && !"status".equals(sub)) {
            throw StatusException.methodNotAllowed("PATCH is not supported on " + type.plural() + "/" + sub);
        }
        PatchRequest request = patches.parse(contentType, body, query, type.apiVersion(), type.kind());
        List<String> warnings = new ArrayList<>();
        UnaryOperator<JsonNode> patch = tree -> knownFieldsOnly(type, patches.apply(request, tree, type.kind()),
                request, warnings);
        if (request.createsMissing() && sub == null) {
            ResourceService.Applied<T> applied = resources.apply(type, ns, name, patch, request.dryRun());
            return FieldValidation.withWarnings(Bodies.json(applied.created() ? 201 : 200, applied.object()),
                    warnings);
        }
        return FieldValidation.withWarnings(
                Bodies.json(200, resources.patch(type, ns, name, patch, sub != null, request.dryRun())), warnings);
    }

    /** fieldValidation on a patch result: unknown fields are dropped, warned about, or (Strict) refused. */
    private static <T extends HasMetadata> JsonNode knownFieldsOnly(ResourceType<T> type, JsonNode patched,
                                                                    PatchRequest request, List<String> warnings) {
        T object = PatchedObjects.decode(type, patched);
        warnings.clear();
        try {
            warnings.addAll(FieldValidation.check(object, request.fieldValidation()));
        } catch (StatusException e) {
            // apply refuses with a 400 as its YAML decoder does; the other types with a 422 on the field "patch"
            throw request.type() == PatchType.APPLY ? e : PatchErrors.invalidPatch(patched.toString(), e.getMessage());
        }
        return PatchedObjects.toTree(object);
    }

    public <T extends HasMetadata> Response postSubresource(ResourceType<T> type, String namespace, String name,
                                                            String sub, byte[] body, String contentType) {
        if (type == Resources.PODS && "binding".equals(sub)) {
            return bind(namespace, name, Bodies.parse(body, Binding.class, contentType));
        }
        if (type == Resources.PODS && "eviction".equals(sub)) {
            // policy/v1 Eviction: a graceful delete with the eviction's options (no disruption budgets yet)
            JsonNode eviction = Bodies.parse(body, JsonNode.class, contentType);
            DeleteOptions options = Json.MAPPER.convertValue(eviction.path("deleteOptions").isObject()
                    ? eviction.get("deleteOptions") : Json.MAPPER.createObjectNode(), DeleteOptions.class);
            resources.delete(Resources.PODS, namespace, name, options);
            return Bodies.json(201, new StatusBuilder().withStatus("Success").withCode(201).withNewMetadata()
                    .endMetadata().build());
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
