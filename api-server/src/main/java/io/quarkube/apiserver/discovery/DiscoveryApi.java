package io.quarkube.apiserver.discovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** GET /api: the core group's versions (legacy APIVersions, or the aggregated list when asked for). */
@Path("/api")
public class DiscoveryApi {

    @GET
    public Response core(@HeaderParam(HttpHeaders.ACCEPT) String accept, @Context UriInfo uri) {
        return DiscoveryResponses.core(accept, uri.getBaseUri());
    }
}
