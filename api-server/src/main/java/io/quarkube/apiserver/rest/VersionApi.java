package io.quarkube.apiserver.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** /version: the Kubernetes API level quarkube implements (kubectl's dispatcher picks its binary from it). */
@Path("/version")
public class VersionApi {

    @GET
    public Response version() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", "v1.32.0");
        v.put("gitCommit", "quarkube");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-11-27T00:00:00Z");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "javac");
        v.put("platform", "linux/amd64");
        return Bodies.json(200, v);
    }
}
