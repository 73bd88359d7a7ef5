package io.quarkube.apiserver.rest;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.errors.StatusException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The Kubernetes URL layout, once for the core group (/api/v1) and once for named groups
 * (/apis/{group}/{version}): collections and items, cluster-wide and per namespace, and subresources.
 */
public abstract class ResourcePaths {
    private static final String CT = "Content-Type";
    private static final String ACCEPT = "Accept";

    protected final ResourceRequests requests;

    protected ResourcePaths(ResourceRequests requests) {
        this.requests = requests;
    }

    protected abstract String group(UriInfo uri);

    protected abstract String version(UriInfo uri);

    private ResourceType<? extends HasMetadata> type(UriInfo uri, String plural, String namespace) {
        return requests.resolve(group(uri), version(uri), plural, namespace, uri.getPath());
    }

    /** GET /api/v1 or /apis/{group}/{version} itself: the APIResourceList of discovery. */
    @GET
    public Response resourceList(@Context UriInfo uri) {
        return io.quarkube.apiserver.discovery.DiscoveryResponses.resourceList(group(uri), version(uri),
                uri.getPath());
    }

    @GET
    @Path("{plural}")
    public Response listAll(@PathParam("plural") String plural, @HeaderParam(ACCEPT) String accept,
                            @Context UriInfo uri) {
        return requests.list(type(uri, plural, null), null, uri.getQueryParameters(), accept);
    }

    @POST
    @Path("{plural}")
    public Response createClusterScoped(@PathParam("plural") String plural, byte[] body,
                                        @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        ResourceType<? extends HasMetadata> type = type(uri, plural, null);
        if (type.namespaced()) {
            throw StatusException.methodNotAllowed("create " + plural + " in a namespace: POST "
                    + type.collectionPath("{namespace}"));
        }
        return requests.create(type, null, body, contentType);
    }

    @DELETE
    @Path("{plural}")
    public Response deleteCollectionAll(@PathParam("plural") String plural, byte[] body,
                                        @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.deleteCollection(type(uri, plural, null), null, uri.getQueryParameters(), body, contentType);
    }

    @DELETE
    @Path("namespaces/{namespace}/{plural}")
    public Response deleteCollection(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                                     byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.deleteCollection(type(uri, plural, namespace), namespace, uri.getQueryParameters(), body,
                contentType);
    }

    @GET
    @Path("{plural}/{name}")
    public Response getClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
                                     @HeaderParam(ACCEPT) String accept, @Context UriInfo uri) {
        return requests.get(type(uri, plural, null), null, name, accept,
                uri.getQueryParameters().getFirst("includeObject"));
    }

    @PUT
    @Path("{plural}/{name}")
    public Response updateClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
                                        byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.update(type(uri, plural, null), null, name, body, contentType);
    }

    @PATCH
    @Path("{plural}/{name}")
    public Response patchClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
                                       byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.patch(type(uri, plural, null), null, name, null, body, contentType, uri.getQueryParameters());
    }

    @DELETE
    @Path("{plural}/{name}")
    public Response deleteClusterScoped(@PathParam("plural") String plural, @PathParam("name") String name,
                                        byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.delete(type(uri, plural, null), null, name, body, contentType);
    }

    @GET
    @Path("{plural}/{name}/{sub}")
    public Response getClusterScopedSub(@PathParam("plural") String plural, @PathParam("name") String name,
                                        @PathParam("sub") String sub, @Context UriInfo uri) {
        return requests.getSubresource(type(uri, plural, null), null, name, sub, uri.getQueryParameters());
    }

    @PUT
    @Path("{plural}/{name}/{sub}")
    public Response putClusterScopedSub(@PathParam("plural") String plural, @PathParam("name") String name,
                                        @PathParam("sub") String sub, byte[] body,
                                        @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.putSubresource(type(uri, plural, null), null, name, sub, body, contentType);
    }

    @PATCH
    @Path("{plural}/{name}/{sub}")
    public Response patchClusterScopedSub(@PathParam("plural") String plural, @PathParam("name") String name,
                                          @PathParam("sub") String sub, byte[] body,
                                          @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.patch(type(uri, plural, null), null, name, sub, body, contentType, uri.getQueryParameters());
    }

    // /namespaces/{ns}/{plural} also matches GET/PUT /namespaces/{name}/status: route that to the namespace.
    @GET
    @Path("namespaces/{namespace}/{plural}")
    public Response list(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                         @HeaderParam(ACCEPT) String accept, @Context UriInfo uri) {
        if (isNamespaceSubresource(uri, plural)) {
            return getClusterScopedSub("namespaces", namespace, plural, uri);
        }
        return requests.list(type(uri, plural, namespace), namespace, uri.getQueryParameters(), accept);
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}")
    public Response putNamespaceSub(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                                    byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        if (isNamespaceSubresource(uri, plural)) {
            return putClusterScopedSub("namespaces", namespace, plural, body, contentType, uri);
        }
        throw StatusException.methodNotAllowed("PUT is not supported on a collection");
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}")
    public Response patchNamespaceSub(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                                      byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        if (isNamespaceSubresource(uri, plural)) {
            return patchClusterScopedSub("namespaces", namespace, plural, body, contentType, uri);
        }
        throw StatusException.methodNotAllowed("PATCH is not supported on a collection");
    }

    @POST
    @Path("namespaces/{namespace}/{plural}")
    public Response create(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                           byte[] body, @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        if ("bindings".equals(plural) && group(uri).isEmpty()) {
            Binding binding = Bodies.parse(body, Binding.class, contentType);
            String pod = binding.getMetadata() == null ? null : binding.getMetadata().getName();
            if (pod == null) {
                throw StatusException.badRequest("a binding needs metadata.name: the pod to bind");
            }
            return requests.bind(namespace, pod, binding);
        }
        return requests.create(type(uri, plural, namespace), namespace, body, contentType);
    }

    @GET
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Response get(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                        @PathParam("name") String name, @HeaderParam(ACCEPT) String accept, @Context UriInfo uri) {
        return requests.get(type(uri, plural, namespace), namespace, name, accept,
                uri.getQueryParameters().getFirst("includeObject"));
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Response update(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                           @PathParam("name") String name, byte[] body, @HeaderParam(CT) String contentType,
                           @Context UriInfo uri) {
        return requests.update(type(uri, plural, namespace), namespace, name, body, contentType);
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Response patch(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                          @PathParam("name") String name, byte[] body, @HeaderParam(CT) String contentType,
                          @Context UriInfo uri) {
        return requests.patch(type(uri, plural, namespace), namespace, name, null, body, contentType,
                uri.getQueryParameters());
    }

    @DELETE
    @Path("namespaces/{namespace}/{plural}/{name}")
    public Response delete(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                           @PathParam("name") String name, byte[] body, @HeaderParam(CT) String contentType,
                           @Context UriInfo uri) {
        return requests.delete(type(uri, plural, namespace), namespace, name, body, contentType);
    }

    @GET
    @Path("namespaces/{namespace}/{plural}/{name}/{sub}")
    public Response getSub(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                           @PathParam("name") String name, @PathParam("sub") String sub, @Context UriInfo uri) {
        return requests.getSubresource(type(uri, plural, namespace), namespace, name, sub, uri.getQueryParameters());
    }

    @PUT
    @Path("namespaces/{namespace}/{plural}/{name}/{sub}")
    public Response putSub(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                           @PathParam("name") String name, @PathParam("sub") String sub, byte[] body,
                           @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.putSubresource(type(uri, plural, namespace), namespace, name, sub, body, contentType);
    }

    @PATCH
    @Path("namespaces/{namespace}/{plural}/{name}/{sub}")
    public Response patchSub(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                             @PathParam("name") String name, @PathParam("sub") String sub, byte[] body,
                             @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.patch(type(uri, plural, namespace), namespace, name, sub, body, contentType,
                uri.getQueryParameters());
    }

    @POST
    @Path("namespaces/{namespace}/{plural}/{name}/{sub}")
    public Response postSub(@PathParam("namespace") String namespace, @PathParam("plural") String plural,
                            @PathParam("name") String name, @PathParam("sub") String sub, byte[] body,
                            @HeaderParam(CT) String contentType, @Context UriInfo uri) {
        return requests.postSubresource(type(uri, plural, namespace), namespace, name, sub, body, contentType);
    }

    private boolean isNamespaceSubresource(UriInfo uri, String plural) {
        return group(uri).isEmpty() && ("status".equals(plural) || "finalize".equals(plural));
    }
}
