package io.quarkube.apiserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkube.apiserver.auth.TokenAuthenticator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-apiserver's request metrics on /q/metrics: {@code apiserver_request_total} by client (the token's user),
 * verb, group, resource, subresource and response code, counted when the response headers go out (so a watch
 * counts when it starts), and {@code apiserver_request_duration_seconds} by verb, group, resource and
 * subresource for the requests that are not long-running (watches and logs are not), with buckets for
 * latency SLOs. Served as the first route, before the body limit, the watch route and JAX-RS.
 */
@ApplicationScoped
public class RequestMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final TokenAuthenticator authenticator;
    // Micrometer looks meters up by id on every call; these maps skip building the id per request
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<RequestInfo, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry, TokenAuthenticator authenticator) {
        this.registry = registry;
        this.authenticator = authenticator;
    }

    void register(@Observes Router router) {
        router.route().order(-300).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RequestInfo parsed = RequestInfo.parse(request.method().name(), request.path(), request.getParam("watch"));
        if (parsed != null) {
            RequestInfo info = parsed.bounded();
            long start = System.nanoTime();
            String client = authenticator.fromHeader(request.getHeader("Authorization")).orElse("anonymous");
            ctx.addHeadersEndHandler(v -> count(info, client, ctx.response().getStatusCode()));
            if (!info.longRunning()) {
                ctx.addEndHandler(v -> timer(info).record(System.nanoTime() - start,
                        java.util.concurrent.TimeUnit.NANOSECONDS));
            }
        }
        ctx.next();
    }

    private void count(RequestInfo info, String client, int code) {
        String key = client + '\u0000' + info + '\u0000' + code;
        counters.computeIfAbsent(key, k -> Counter.builder("apiserver.request")
                .description("API requests by client, verb, resource and response code")
                .tags("client", client, "verb", info.verb(), "group", info.group(), "resource", info.resource(),
                        "subresource", info.subresource(), "code", Integer.toString(code))
                .register(registry)).increment();
    }

    private Timer timer(RequestInfo info) {
        return timers.computeIfAbsent(info, i -> Timer.builder("apiserver.request.duration")
                .description("Latency of API requests that are not long-running (watches and logs are)")
                .tags("verb", i.verb(), "group", i.group(), "resource", i.resource(), "subresource", i.subresource())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }
}
