package io.quarkube.apiserver.openapi;

import io.quarkube.apiserver.errors.StatusException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * GET /openapi/v3 (the index of group/version documents) and the documents themselves. There is no
 * /openapi/v2: kubectl falls back to it only when v3 fails, and tolerates its 404 (contract §2).
 */
@Path("/openapi/v3")
public class OpenApiApi {
    private final OpenApiDocuments documents;

    public OpenApiApi(OpenApiDocuments documents) {
        this.documents = documents;
    }

    @GET
    public Response index(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return serve(documents.index(), null, ifNoneMatch);
    }

    @GET
    @Path("api/{version}")
    public Response core(@PathParam("version") String version, @QueryParam("hash") String hash,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        return serve(documents.document("api/" + version)
                .orElseThrow(() -> StatusException.pathNotFound(uri.getPath())), hash, ifNoneMatch);
    }

    @GET
    @Path("apis/{group}/{version}")
    public Response group(@PathParam("group") String group, @PathParam("version") String version,
                          @QueryParam("hash") String hash, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                          @Context UriInfo uri) {
        return serve(documents.document("apis/" + group + "/" + version)
                .orElseThrow(() -> StatusException.pathNotFound(uri.getPath())), hash, ifNoneMatch);
    }

    private static Response serve(OpenApiDocuments.Document doc, String hash, String ifNoneMatch) {
        EntityTag etag = new EntityTag(doc.hash());
        // A URL naming the current hash never changes content: clients may cache it for good, as upstream says.
        String cacheControl = doc.hash().equals(hash) ? "public, immutable" : "no-cache, private";
        if (ifNoneMatch != null && ifNoneMatch.contains(doc.hash())) {
            return Response.notModified(etag).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
        }
        return Response.ok(doc.json(), MediaType.APPLICATION_JSON_TYPE).tag(etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }
}
