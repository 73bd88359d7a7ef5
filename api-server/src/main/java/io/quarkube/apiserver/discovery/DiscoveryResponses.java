package io.quarkube.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Discovery answers as HTTP responses, for the JAX-RS classes of this package and for the GET on a bare
 * group/version path, which lives in rest.ResourcePaths because JAX-RS routes /api/v1 and /apis/{g}/{v} there.
 */
public final class DiscoveryResponses {
    /** Built from the immutable registry; holds no state of its own. */
    private static final DiscoveryDocuments DOCUMENTS = new DiscoveryDocuments(Resources.ALL);

    private DiscoveryResponses() {
    }

    /** GET /api/v1 and GET /apis/{group}/{version}: JSON whatever the Accept header says. */
    public static Response resourceList(String group, String version, String path) {
        ObjectNode doc = DOCUMENTS.resourceList(group, version)
                .orElseThrow(() -> StatusException.pathNotFound(path));
        return json(doc, DiscoveryFormat.LEGACY);
    }

    static Response core(String accept, URI base) {
        DiscoveryFormat format = DiscoveryFormat.fromAccept(accept);
        ObjectNode doc = format == DiscoveryFormat.LEGACY ? DOCUMENTS.apiVersions(serverAddress(base))
                : DOCUMENTS.aggregated(true, format.version());
        return json(doc, format);
    }

    static Response groups(String accept) {
        DiscoveryFormat format = DiscoveryFormat.fromAccept(accept);
        ObjectNode doc = format == DiscoveryFormat.LEGACY ? DOCUMENTS.apiGroupList()
                : DOCUMENTS.aggregated(false, format.version());
        return json(doc, format);
    }

    static Response group(String group, String path) {
        return json(DOCUMENTS.apiGroup(group).orElseThrow(() -> StatusException.pathNotFound(path)),
                DiscoveryFormat.LEGACY);
    }

    private static Response json(ObjectNode doc, DiscoveryFormat format) {
        // Vary: the same URL answers two documents, so caches (kubectl's HTTP cache) must key on Accept.
        return Response.ok(Json.write(doc)).header(HttpHeaders.CONTENT_TYPE, format.contentType())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    private static String serverAddress(URI base) {
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        return base.getHost() + ":" + port;
    }
}
