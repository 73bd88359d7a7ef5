package io.quarkube.apiserver.rest;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.auth.TokenAuthenticator;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.storage.ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: like kube-apiserver, asks the kubelet of the pod's node (at
 * the node's InternalIP and daemonEndpoints.kubeletEndpoint.port, plain HTTP) for
 * {@code /containerLogs/{ns}/{pod}/{container}} with the request's options, and streams its answer to the client
 * as it comes, chunk by chunk. Served by Vert.x ahead of JAX-RS (as watches are), so that {@code logs -f} holds
 * no worker thread; only the pod and node lookups run on one. Kubelet refusals keep their code and Status; an
 * unreachable kubelet is 503.
 */
@ApplicationScoped
public class PodLogs {
    private static final Logger LOG = Logger.getLogger(PodLogs.class);
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
    /** A non-follow answer that stalls this long is abandoned. */
    private static final long IDLE_TIMEOUT_MS = 30_000;

    private final ObjectStore store;
    private final TokenAuthenticator authenticator;
    private final HttpClient kubelets;

    public PodLogs(ObjectStore store, TokenAuthenticator authenticator, Vertx vertx) {
        this.store = store;
        this.authenticator = authenticator;
        // follows are long-lived: the per-kubelet pool must not cap them at Vert.x's default of 5
        this.kubelets = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(1_000));
    }

    void register(@Observes Router router) {
        router.route().order(-90).handler(ctx -> {
            Matcher m = PATH.matcher(ctx.request().path());
            if (ctx.request().method() == HttpMethod.GET && m.matches()) {
                serve(ctx, m.group(1), m.group(2));
            } else {
                ctx.next();
            }
        });
    }

    private void serve(RoutingContext ctx, String namespace, String name) {
        HttpServerRequest request = ctx.request();
        PodLogOptions options;
        try {
            authenticator.require(request.getHeader("Authorization"));
            options = PodLogOptions.parse(name, request::getParam);
        } catch (StatusException e) {
            fail(ctx.response(), e.status());
            return;
        }
        ctx.vertx().executeBlocking(() -> target(namespace, name, options), false)
                .onSuccess(target -> proxy(ctx.response(), target, options.follow()))
                .onFailure(e -> fail(ctx.response(), statusOf(e)));
    }

    /** Where the log is: looks the pod and its node up (JDBC: on a worker thread). */
    private Target target(String namespace, String name, PodLogOptions options) {
        Pod pod = store.get(Resources.PODS, namespace, name)
                .orElseThrow(() -> StatusException.notFound(Resources.PODS, name));
        String container = options.container(pod);
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            throw StatusException.badRequest("container \"" + container + "\" in pod \"" + name
                    + "\" is waiting to start: the pod is not scheduled yet");
        }
        Node node = store.get(Resources.NODES, null, nodeName)
                .orElseThrow(() -> StatusException.notFound(Resources.NODES, nodeName));
        return new Target(nodeName, address(node), port(node), options.kubeletUri(namespace, name, container));
    }

    private void proxy(HttpServerResponse response, Target target, boolean follow) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setURI(target.uri()).setIdleTimeout(follow ? 0 : IDLE_TIMEOUT_MS);
        kubelets.request(request)
                .compose(kubeletRequest -> {
                    // the client went away: stop reading (and make the kubelet stop following)
                    response.closeHandler(v -> kubeletRequest.reset());
                    return kubeletRequest.send();
                })
                .onSuccess(answer -> {
                    if (answer.statusCode() == 200) {
                        stream(answer, response);
                    } else {
                        answer.body().onComplete(body -> fail(response, kubeletRefusal(target, answer.statusCode(),
                                body.succeeded() ? body.result() : Buffer.buffer())));
                    }
                })
                .onFailure(e -> fail(response, StatusException.unavailable("cannot reach the kubelet of node "
                        + target.node() + " at " + target.host() + ":" + target.port() + ": " + e.getMessage())
                        .status()));
    }

    /** Each chunk the kubelet sends is written (and so flushed) at once; the kubelet's pace follows the client's. */
    private static void stream(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/plain");
        response.write(Buffer.buffer()); // the headers now: a follower knows at once the log is there
        answer.pipe().endOnFailure(false).to(response).onFailure(e -> {
            LOG.debugf("log stream from the kubelet broke off: %s", e.toString());
            response.reset(); // a truncated log must not look complete
        });
    }

    /** The kubelet's Status as it is (its code and message), or one made from its code. */
    private static Status kubeletRefusal(Target target, int code, Buffer body) {
        try {
            Status status = Json.read(body.getBytes(), Status.class);
            if (status.getCode() != null && status.getMessage() != null) {
                return status;
            }
        } catch (RuntimeException notAStatus) {
            // worded below
        }
        String reason = code == 404 ? "NotFound" : code == 400 ? "BadRequest" : "InternalError";
        return new StatusBuilder().withStatus("Failure").withCode(code / 100 == 4 ? code : 500).withReason(reason)
                .withMessage("the kubelet of node " + target.node() + " answered " + code + ": "
                        + body.toString(StandardCharsets.UTF_8))
                .withNewMetadata().endMetadata().build();
    }

    private static Status statusOf(Throwable e) {
        if (e instanceof StatusException s) {
            return s.status();
        }
        LOG.error("pods/log failed", e);
        return StatusException.internal(e.getClass().getSimpleName()).status();
    }

    private static void fail(HttpServerResponse response, Status status) {
        if (response.ended() || response.closed()) {
            return; // the client is gone
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status.getCode()).putHeader("Content-Type", "application/json")
                .end(Json.writeString(status));
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
        var status = node.getStatus();
        if (status == null || status.getDaemonEndpoints() == null
                || status.getDaemonEndpoints().getKubeletEndpoint() == null
                || status.getDaemonEndpoints().getKubeletEndpoint().getPort() == null) {
            throw StatusException.unavailable("node " + node.getMetadata().getName()
                    + " does not report its kubelet endpoint");
        }
        return status.getDaemonEndpoints().getKubeletEndpoint().getPort();
    }

    private record Target(String node, String host, int port, String uri) {
    }
}
