package io.quarkube.apiserver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.auth.TokenAuthenticator;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.selection.FieldSelector;
import io.quarkube.apiserver.selection.LabelSelector;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET <collection>?watch=true}: a chunked stream of newline-delimited watch events, served by Vert.x
 * directly (ahead of JAX-RS) so that a watch holds no worker thread. Supports resourceVersion resume (410 when
 * too old), label and field selectors, timeoutSeconds, bookmarks and Table output for {@code kubectl get -w}.
 * A WebSocket upgrade (fabric8's first try) is answered with the plain 200 stream, which fabric8 accepts.
 */
@ApplicationScoped
public class WatchRoute {
    private static final Logger LOG = Logger.getLogger(WatchRoute.class);
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/(v1)|apis/([^/]+)/([^/]+))(?:/watch)?(?:/namespaces/([^/]+))?/([^/]+)$");

    private final WatchCache cache;
    private final TokenAuthenticator authenticator;
    private final WatchFormats formats;
    private final Duration bookmarkInterval;

    public WatchRoute(WatchCache cache, TokenAuthenticator authenticator, WatchFormats formats,
                      @ConfigProperty(name = "quarkube.watch.bookmark-interval", defaultValue = "30s")
                      Duration bookmarkInterval) {
        this.cache = cache;
        this.authenticator = authenticator;
        this.formats = formats;
        this.bookmarkInterval = bookmarkInterval;
    }

    void register(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            if (isWatch(ctx.request())) {
                serve(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static boolean isWatch(HttpServerRequest request) {
        String watch = request.getParam("watch");
        return request.method().name().equals("GET") && ("true".equals(watch) || "1".equals(watch))
                || request.path().contains("/watch/");
    }

    private void serve(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        try {
            authenticator.require(request.getHeader("Authorization"));
            Matcher m = PATH.matcher(request.path());
            if (!m.matches()) {
                throw StatusException.pathNotFound(request.path());
            }
            String group = m.group(1) != null ? "" : m.group(2);
            String version = m.group(1) != null ? m.group(1) : m.group(3);
            String namespace = m.group(4);
            ResourceType<? extends HasMetadata> type = Resources.find(group, version, m.group(5))
                    .orElseThrow(() -> StatusException.pathNotFound(request.path()));
            start(ctx, type, namespace);
        } catch (StatusException e) {
            fail(ctx.response(), e.status());
        }
    }

    private void start(RoutingContext ctx, ResourceType<? extends HasMetadata> type, String namespace) {
        HttpServerRequest request = ctx.request();
        Predicate<HasMetadata> selects = selector(type, namespace, request);
        long from = parseVersion(request.getParam("resourceVersion"));
        Watcher.Format format = formats.forRequest(request.getHeader("Accept"), request.getParam("includeObject"));
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (!upgrade && cache.completeFrom(type) > from && from != 0) {
            fail(ctx.response(), tooOld(type, from));
            return;
        }
        if (upgrade) {
            request.toWebSocket().onSuccess(socket -> stream(ctx, type, from, selects, format, WatchSink.of(socket)))
                    .onFailure(e -> LOG.debugf("websocket upgrade failed: %s", e.getMessage()));
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "application/json").setStatusCode(200);
        response.write(""); // send the headers now: the client knows the watch is established
        stream(ctx, type, from, selects, format, WatchSink.of(response));
    }

    private void stream(RoutingContext ctx, ResourceType<? extends HasMetadata> type, long from,
                        Predicate<HasMetadata> selects, Watcher.Format format, WatchSink sink) {
        Watcher[] holder = new Watcher[1];
        Watcher watcher = new Watcher(selects, format, sink, ctx.vertx().getOrCreateContext(),
                () -> cache.unsubscribe(type, holder[0]));
        holder[0] = watcher;
        if (!cache.subscribe(type, from, watcher)) {
            // too old after all (the history moved on since the check): an ERROR event, then the end
            sink.write(io.vertx.core.buffer.Buffer.buffer(Json.write(java.util.Map.of("type", "ERROR", "object",
                    tooOld(type, from)))).appendByte((byte) '\n'));
            sink.end();
            return;
        }
        long timeout = timeoutMillis(ctx.request().getParam("timeoutSeconds"));
        long timeoutTimer = ctx.vertx().setTimer(timeout, t -> watcher.close());
        long bookmarkTimer = "true".equals(ctx.request().getParam("allowWatchBookmarks"))
                ? ctx.vertx().setPeriodic(bookmarkInterval.toMillis(),
                        t -> watcher.bookmark(type.apiVersion(), type.kind(), cache.latest(type)))
                : -1;
        sink.onClose(() -> {
            ctx.vertx().cancelTimer(timeoutTimer);
            if (bookmarkTimer >= 0) {
                ctx.vertx().cancelTimer(bookmarkTimer);
            }
            watcher.close();
        });
        LOG.debugf("watch %s from %d", type.qualifiedPlural(), from);
    }

    private Status tooOld(ResourceType<?> type, long from) {
        return StatusException.gone("too old resource version: " + from + " (" + cache.completeFrom(type) + ")")
                .status();
    }

    private static Predicate<HasMetadata> selector(ResourceType<?> type, String namespace, HttpServerRequest request) {
        LabelSelector labels = LabelSelector.parse(request.getParam("labelSelector"));
        FieldSelector fields = FieldSelector.parse(request.getParam("fieldSelector"), type.kind());
        return o -> (namespace == null || namespace.equals(o.getMetadata().getNamespace()))
                && labels.matches(o.getMetadata().getLabels()) && fields.matches(o);
    }

    private static long parseVersion(String version) {
        if (version == null || version.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid resourceVersion \"" + version + "\": not a number");
        }
    }

    /** timeoutSeconds, else 30 to 60 minutes like kube-apiserver's randomized minimum request timeout. */
    private static long timeoutMillis(String timeoutSeconds) {
        if (timeoutSeconds != null && !timeoutSeconds.isEmpty()) {
            try {
                return Math.max(1, Long.parseLong(timeoutSeconds)) * 1000;
            } catch (NumberFormatException e) {
                throw StatusException.badRequest("invalid timeoutSeconds \"" + timeoutSeconds + "\"");
            }
        }
        return Duration.ofMinutes(30).toMillis() + ThreadLocalRandom.current().nextLong(Duration.ofMinutes(30).toMillis());
    }

    private static void fail(HttpServerResponse response, Status status) {
        response.setStatusCode(status.getCode()).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(Json.write(status)));
    }
}
