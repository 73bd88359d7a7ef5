package io.quarkube.kubelet.logs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkube.api.informer.Store;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.runtime.PodDirs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's own log endpoint; the api-server's pods/log proxies here. {@code follow} is not supported yet:
 * the answer is what the log holds now.
 */
@Path("/containerLogs")
public class ContainerLogsResource {
    private final Store<Pod> pods;
    private final LocalNodes nodes;
    private final PodDirs dirs;

    public ContainerLogsResource(Store<Pod> pods, LocalNodes nodes, PodDirs dirs) {
        this.pods = pods;
        this.nodes = nodes;
        this.dirs = dirs;
    }

    @GET
    @Path("{namespace}/{pod}/{container}")
    public Response logs(@PathParam("namespace") String namespace, @PathParam("pod") String podName,
                         @PathParam("container") String containerName, @QueryParam("tailLines") Integer tailLines)
            throws IOException {
        Optional<Pod> pod = pods.get(namespace, podName).filter(p -> nodes.owns(p.getSpec().getNodeName()));
        if (pod.isEmpty()) {
            return notFound("pods \"" + podName + "\" not found");
        }
        List<Container> containers = new ArrayList<>();
        Optional.ofNullable(pod.get().getSpec().getInitContainers()).ifPresent(containers::addAll);
        Optional.ofNullable(pod.get().getSpec().getContainers()).ifPresent(containers::addAll);
        if (containers.stream().noneMatch(c -> containerName.equals(c.getName()))) {
            return notFound("container " + containerName + " is not valid for pod " + podName);
        }
        java.nio.file.Path file = dirs.logFile(pod.get().getMetadata().getUid(), containerName);
        if (!Files.exists(file)) {
            return text("");
        }
        if (tailLines != null) {
            return text(LogTail.lastLines(file, tailLines));
        }
        return Response.ok(file.toFile(), MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    private static Response text(String body) {
        return Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    private static Response notFound(String message) {
        Status status = new StatusBuilder().withStatus("Failure").withMessage(message).withReason("NotFound")
                .withCode(404).build();
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.writeString(status)).build();
    }
}
