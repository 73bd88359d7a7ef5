package io.quarkube.apiserver.rest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * pods/log: like the real api-server, it asks the kubelet of the pod's node, at the node's InternalIP and
 * daemonEndpoints.kubeletEndpoint.port, for /containerLogs/{namespace}/{pod}/{container}.
 */
@ApplicationScoped
public class PodLogs {
    private static final List<String> PASSED_ON = List.of("tailLines", "follow", "sinceSeconds", "timestamps",
            "previous", "limitBytes");
    private final ObjectStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PodLogs(ObjectStore store) {
        this.store = store;
    }

    public Response fetch(Pod pod, MultivaluedMap<String, String> query) {
        String name = pod.getMetadata().getName();
        String container = query.getFirst("container");
        if (container == null || container.isEmpty()) {
            container = defaultContainer(pod);
        }
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            throw StatusException.badRequest("container \"" + container + "\" in pod \"" + name
                    + "\" is waiting to start: the pod is not scheduled yet");
        }
        Node node = store.get(Resources.NODES, null, nodeName)
                .orElseThrow(() -> StatusException.notFound(Resources.NODES, nodeName));
        StringBuilder url = new StringBuilder("http://").append(address(node)).append(':').append(port(node))
                .append("/containerLogs/").append(pod.getMetadata().getNamespace()).append('/').append(name)
                .append('/').append(container).append('?');
        for (String param : PASSED_ON) {
            String value = query.getFirst(param);
            if (value != null) {
                url.append(param).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url.toString()))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw StatusException.badRequest("the kubelet of node " + nodeName + " has no log for container \""
                        + container + "\" in pod \"" + name + "\" (HTTP " + response.statusCode() + ")");
            }
            return Response.ok(response.body(), "text/plain").build();
        } catch (IOException e) {
            throw StatusException.unavailable("cannot reach the kubelet of node " + nodeName + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.unavailable("interrupted");
        }
    }

    private static String defaultContainer(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey("kubectl.kubernetes.io/default-container")) {
            return annotations.get("kubectl.kubernetes.io/default-container");
        }
        List<Container> containers = pod.getSpec().getContainers();
        return containers.isEmpty() ? "" : containers.get(0).getName();
    }

    private static String address(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return "127.0.0.1";
    }

    private static int port(Node node) {
        try {
            return node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        } catch (NullPointerException e) {
            throw StatusException.unavailable("node " + node.getMetadata().getName()
                    + " does not report its kubelet endpoint");
        }
    }
}
