package io.quarkube.apiserver.rest;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.UriInfo;

/** The core group: /api/v1/... */
@Path("/api/v1")
public class CoreApi extends ResourcePaths {

    public CoreApi(ResourceRequests requests) {
        super(requests);
    }

    @Override
    protected String group(UriInfo uri) {
        return "";
    }

    @Override
    protected String version(UriInfo uri) {
        return "v1";
    }
}
