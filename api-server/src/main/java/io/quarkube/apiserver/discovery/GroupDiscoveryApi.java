package io.quarkube.apiserver.discovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** GET /apis (APIGroupList or the aggregated list) and GET /apis/{group} (APIGroup). */
@Path("/apis")
public class GroupDiscoveryApi {

    @GET
    public Response groups(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return DiscoveryResponses.groups(accept);
    }

    @GET
    @Path("{group}")
    public Response group(@PathParam("group") String group, @Context UriInfo uri) {
        return DiscoveryResponses.group(group, uri.getPath());
    }
}
