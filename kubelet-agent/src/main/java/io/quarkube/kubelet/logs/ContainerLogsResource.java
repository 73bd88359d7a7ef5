package io.quarkube.kubelet.logs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.informer.Store;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.runtime.PodDirs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The kubelet's {@code GET /containerLogs/{namespace}/{pod}/{container}}, which the api-server's pods/log proxies
 * to: {@code tailLines}, {@code limitBytes}, {@code sinceSeconds}/{@code sinceTime}, {@code timestamps},
 * {@code previous} and {@code follow}. Served by Vert.x directly: the answer is a chunked stream written as the
 * log is read, and a follow holds no thread while it waits for new lines. Refusals are Status objects.
 */
@ApplicationScoped
public class ContainerLogsResource {
    private static final Logger LOG = Logger.getLogger(ContainerLogsResource.class);

    private final BiFunction<String, String, Optional<Pod>> pods;
    private final LocalNodes nodes;
    private final PodDirs dirs;
    private final ContainerLogs logs;
    private final Clock clock;
    private final Supplier<ScheduledExecutorService> io;
    private final Duration poll;

    @Inject
    public ContainerLogsResource(Store<Pod> pods, LocalNodes nodes, PodDirs dirs, ContainerLogs logs) {
        this(pods::get, nodes, dirs, logs, Clock.systemUTC(), Infrastructure::getDefaultWorkerPool, LogStream.POLL);
    }

    /** {@code pods} looks a pod up by namespace and name (the informer's cache). */
    ContainerLogsResource(BiFunction<String, String, Optional<Pod>> pods, LocalNodes nodes, PodDirs dirs, ContainerLogs logs, Clock clock,
                          Supplier<ScheduledExecutorService> io, Duration poll) {
        this.pods = pods;
        this.nodes = nodes;
        this.dirs = dirs;
        this.logs = logs;
        this.clock = clock;
        this.io = io;
        this.poll = poll;
    }

    void register(@Observes Router router) {
        router.get("/containerLogs/:namespace/:pod/:container").order(-10).handler(this::serve);
    }

    /**
     * The log a request asks for, as a stream of chunks; throws {@link LogRequestException} for an unknown pod or
     * container (404), a bad query or a missing previous instance (400).
     */
    Multi<byte[]> open(String namespace, String podName, String containerName, Function<String, String> query)
            throws IOException {
        LogOptions options = LogQuery.parse(query, clock.instant());
        Pod pod = pods.apply(namespace, podName).filter(p -> nodes.owns(p.getSpec().getNodeName()))
                .orElseThrow(() -> LogRequestException.notFound("pods \"" + podName + "\" not found"));
        List<Container> containers = new ArrayList<>();
        Optional.ofNullable(pod.getSpec().getInitContainers()).ifPresent(containers::addAll);
        Optional.ofNullable(pod.getSpec().getContainers()).ifPresent(containers::addAll);
        if (containers.stream().noneMatch(c -> containerName.equals(c.getName()))) {
            throw LogRequestException.notFound("container " + containerName + " is not valid for pod " + podName);
        }
        Path current = dirs.logFile(pod.getMetadata().getUid(), containerName);
        Path file = options.previous() ? ContainerLogs.previous(current) : current;
        if (options.previous() && !Files.exists(file)) {
            throw LogRequestException.badRequest("previous terminated container \"" + containerName + "\" in pod \""
                    + podName + "\" not found");
        }
        // the previous instance has ended; the current one is written while its container runs
        Optional<ContainerLog> writer = options.previous() ? Optional.empty() : logs.writing(current);
        BooleanSupplier writing = () -> writer.map(ContainerLog::isOpen).orElse(false);
        return LogStream.of(LogReader.open(file, options), options.follow(), writing, poll, io.get());
    }

    private void serve(RoutingContext ctx) {
        ctx.vertx().<Multi<byte[]>>executeBlocking(() -> open(ctx.pathParam("namespace"), ctx.pathParam("pod"),
                        ctx.pathParam("container"), ctx.request()::getParam), false)
                .onSuccess(stream -> respond(ctx.response(), stream))
                .onFailure(e -> fail(ctx.response(), e));
    }

    private static void respond(HttpServerResponse response, Multi<byte[]> stream) {
        response.setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").setChunked(true);
        response.write(Buffer.buffer()); // the headers now: a follower knows at once that the log is there
        stream.subscribe().withSubscriber(new ResponseWriter(response));
    }

    private static void fail(HttpServerResponse response, Throwable e) {
        LogRequestException refusal = e instanceof LogRequestException r ? r
                : new LogRequestException(500, "InternalError", "reading the log failed: " + e.getMessage());
        if (refusal.code() == 500) {
            LOG.warnf(e, "container log request failed");
        }
        response.setStatusCode(refusal.code()).putHeader("Content-Type", "application/json")
                .end(Json.writeString(refusal.status()));
    }

    /** Writes each chunk, asking for the next once it is written (the client's pace); a closed client cancels. */
    private static final class ResponseWriter implements Flow.Subscriber<byte[]> {
        private final HttpServerResponse response;
        private Flow.Subscription subscription;

        ResponseWriter(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            response.closeHandler(v -> s.cancel());
            s.request(1);
        }

        @Override
        public void onNext(byte[] chunk) {
            response.write(Buffer.buffer(chunk)).onComplete(written -> {
                if (written.succeeded()) {
                    subscription.request(1);
                } else {
                    subscription.cancel();
                }
            });
        }

        @Override
        public void onError(Throwable e) {
            LOG.debugf("log stream failed: %s", e.toString());
            response.reset(); // too late for a Status: the client sees the stream break off
        }

        @Override
        public void onComplete() {
            response.end();
        }
    }
}
