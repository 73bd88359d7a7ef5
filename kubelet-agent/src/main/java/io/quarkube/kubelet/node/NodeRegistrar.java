package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.informer.Store;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Errors;
import io.quarkube.kubelet.ResourceVersions;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registers this agent's nodes and keeps their status fresh. Runs on its own thread so that an unreachable
 * api-server delays registration (retried with backoff) but never Quarkus startup.
 */
public final class NodeRegistrar implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeRegistrar.class);
    private static final long MAX_RETRY_MILLIS = 30_000;

    private final ApiClient api;
    private final Store<Node> cache;
    private final NodeStatusFactory factory;
    private final LocalNodes nodes;
    private final Duration heartbeatInterval;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    // our last successful write per node: newer than the informer copy until our own event arrives
    private final Map<String, Node> lastWritten = new ConcurrentHashMap<>();
    private long retryMillis = 1_000;
    private int attempt = 1;
    private boolean heartbeatFailing;

    public NodeRegistrar(ApiClient api, Store<Node> cache, NodeStatusFactory factory, LocalNodes nodes,
                         Duration heartbeatInterval, Clock clock) {
        this.api = api;
        this.cache = cache;
        this.factory = factory;
        this.nodes = nodes;
        this.heartbeatInterval = heartbeatInterval;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-node-status");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.execute(this::registerAll);
    }

    public boolean allRegistered() {
        return lastWritten.size() == nodes.names().size();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void registerAll() {
        for (String name : nodes.names()) {
            if (lastWritten.containsKey(name)) {
                continue;
            }
            try {
                register(name);
                attempt = 1;
                retryMillis = 1_000;
            } catch (RuntimeException e) {
                if (thread.isShutdown()) {
                    return; // the agent is stopping; the failure is the interrupt
                }
                LOG.warnf("could not register node %s (attempt %d): %s; retrying in %d s", name, attempt++,
                        Errors.describe(e), retryMillis / 1000);
                thread.schedule(this::registerAll, retryMillis, TimeUnit.MILLISECONDS);
                retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
                return;
            }
        }
        long every = heartbeatInterval.toMillis();
        thread.scheduleWithFixedDelay(this::heartbeatAll, every, every, TimeUnit.MILLISECONDS);
    }

    private void register(String name) {
        Node node;
        try {
            node = api.create(Resources.NODES, factory.newNode(name));
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
            // AlreadyExists: this node was registered before (an agent restart); take it over.
            node = api.get(Resources.NODES, null, name)
                    .orElseThrow(() -> new IllegalStateException("node " + name + " exists but cannot be read"));
        }
        putStatus(name, node);
        LOG.infof("node %s registered (cpu=%s, memory=%s, pods=%s, podCIDR=%s)", name,
                factory.capacity().get("cpu"), factory.capacity().get("memory"), factory.capacity().get("pods"),
                nodes.podCidr(name));
    }

    private void heartbeatAll() {
        int failed = 0;
        String firstError = null;
        for (String name : nodes.names()) {
            try {
                heartbeat(name);
            } catch (RuntimeException e) {
                failed++;
                firstError = firstError == null ? name + ": " + Errors.describe(e) : firstError;
            }
        }
        if (failed > 0 && !heartbeatFailing) {
            LOG.warnf("node heartbeat failed for %d of %d nodes (%s); retrying every %s", failed,
                    nodes.names().size(), firstError, heartbeatInterval);
        } else if (failed == 0 && heartbeatFailing) {
            LOG.infof("node heartbeats succeed again for all %d nodes", nodes.names().size());
        }
        heartbeatFailing = failed > 0;
    }

    private void heartbeat(String name) {
        Node base = ResourceVersions.newer(cache.get(name).orElse(null), lastWritten.get(name));
        if (base == null) {
            base = api.get(Resources.NODES, null, name).orElse(null);
        }
        try {
            if (base != null) {
                putStatus(name, base);
                return;
            }
        } catch (ApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        LOG.infof("node %s disappeared from the api-server; registering it again", name);
        lastWritten.remove(name);
        register(name);
    }

    /** PUT nodes/status on a copy; on 409 once more against a fresh read. */
    private void putStatus(String name, Node current) {
        try {
            lastWritten.put(name, api.updateStatus(Resources.NODES, withStatus(name, current)));
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
            Node fresh = api.get(Resources.NODES, null, name)
                    .orElseThrow(() -> new IllegalStateException("node " + name + " was deleted"));
            lastWritten.put(name, api.updateStatus(Resources.NODES, withStatus(name, fresh)));
        }
    }

    private Node withStatus(String name, Node current) {
        Node copy = Json.copy(current, Node.class);
        copy.setStatus(factory.status(name, clock.instant(), current.getStatus()));
        return copy;
    }
}
