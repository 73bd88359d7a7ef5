package io.quarkube.apiserver.rest;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.UriInfo;

/** Named groups: /apis/{group}/{version}/... (apps/v1 today). */
@Path("/apis/{group}/{version}")
public class GroupApi extends ResourcePaths {

    public GroupApi(ResourceRequests requests) {
        super(requests);
    }

    @Override
    protected String group(UriInfo uri) {
        return uri.getPathParameters().getFirst("group");
    }

    @Override
    protected String version(UriInfo uri) {
        return uri.getPathParameters().getFirst("version");
    }
}
