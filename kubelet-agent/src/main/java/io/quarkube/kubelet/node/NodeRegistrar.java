package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.kubelet.Errors;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registers this agent's nodes (taking over a Node left by an earlier run), then heartbeats each one: its Lease
 * renewed every interval, its status written only when it changed or the report is due. Registration runs on its
 * own thread, so an unreachable api-server delays it (retried with backoff) but never Quarkus startup. A node
 * deleted through the API is registered again at its next heartbeat.
 */
public final class NodeRegistrar implements ResourceEventHandler<Node>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeRegistrar.class);
    private static final long MAX_RETRY_MILLIS = 30_000;

    private final ApiClient api;
    private final NodeStatusFactory factory;
    private final LocalNodes nodes;
    private final NodeStatusReporter reporter;
    private final NodeLeases leases;
    private final NodeHeartbeats heartbeats;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> reregister = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Counter renewed;
    private final Counter renewFailures;
    private final Counter statusUpdates;
    private volatile boolean closed;
    private long retryMillis = 1_000;
    private int attempt = 1;

    public NodeRegistrar(ApiClient api, NodeStatusFactory factory, LocalNodes nodes, NodeStatusReporter reporter,
                         NodeLeases leases, Duration interval, int heartbeatThreads, MeterRegistry meters) {
        this.api = api;
        this.factory = factory;
        this.nodes = nodes;
        this.reporter = reporter;
        this.leases = leases;
        this.interval = interval;
        Timer lateness = Timer.builder("kubelet.node.lease.renew.lateness")
                .description("How late each node Lease renewal finished after its planned time")
                .publishPercentiles(0.5, 0.9, 0.99).register(meters);
        this.renewed = Counter.builder("kubelet.node.lease.renewals").tag("result", "success").register(meters);
        this.renewFailures = Counter.builder("kubelet.node.lease.renewals").tag("result", "failure").register(meters);
        this.statusUpdates = Counter.builder("kubelet.node.status.updates")
                .description("PUTs of nodes/status (registration, changes, periodic reports)").register(meters);
        this.heartbeats = new NodeHeartbeats(heartbeatThreads, interval, nodes.names().size(), lateness, this::beat);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-node-registration");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.execute(this::registerAll);
    }

    public boolean allRegistered() {
        return started.size() == nodes.names().size();
    }

    /** The UID of a registered node (mirror pods and Leases name it as their owner). */
    public Optional<String> nodeUid(String name) {
        return reporter.uid(name);
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        heartbeats.close();
    }

    /** A node of ours deleted through the API comes back at its next heartbeat, as a new object. */
    @Override
    public void onDelete(Node node) {
        String name = node.getMetadata().getName();
        if (nodes.owns(name) && Objects.equals(reporter.uid(name).orElse(null), node.getMetadata().getUid())) {
            reregister.add(name);
        }
    }

    private void registerAll() {
        for (String name : nodes.names()) {
            if (started.contains(name)) {
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
            started.add(name);
            heartbeats.add(name, nodes.index(name) - 1);
        }
    }

    /** Creates the Node (or takes over the existing one), writes its whole status, and its Lease. */
    private void register(String name) {
        Node node;
        boolean created = false;
        try {
            node = api.create(Resources.NODES, factory.newNode(name));
            created = true;
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
            // AlreadyExists: this node was registered before (an agent restart); take it over.
            node = api.get(Resources.NODES, null, name)
                    .orElseThrow(() -> new IllegalStateException("node " + name + " exists but cannot be read"));
        }
        node = reporter.put(name, node);
        statusUpdates.increment();
        leases.register(name, node.getMetadata().getUid(), created);
        renewed.increment();
        LOG.infof("node %s registered (cpu=%s, memory=%s, pods=%s, podCIDR=%s), lease renewed every %s", name,
                factory.capacity().get("cpu"), factory.capacity().get("memory"), factory.capacity().get("pods"),
                nodes.podCidr(name), interval);
    }

    /** One heartbeat of one node: renew the Lease, then report the status if needed. True if the Lease renewed. */
    private boolean beat(String name) {
        if (reregister.remove(name)) {
            LOG.infof("node %s disappeared from the api-server; registering it again", name);
            return attemptRegistration(name);
        }
        String error = null;
        boolean leaseRenewed = false;
        try {
            leases.renew(name, reporter.uid(name).orElse(null));
            renewed.increment();
            leaseRenewed = true;
        } catch (RuntimeException e) {
            renewFailures.increment();
            error = "lease: " + Errors.describe(e);
        }
        try {
            if (reporter.reportIfNeeded(name)) {
                statusUpdates.increment();
            }
        } catch (ApiException e) {
            if (e.isNotFound()) {
                LOG.infof("node %s disappeared from the api-server; registering it again", name);
                return attemptRegistration(name) && leaseRenewed;
            }
            error = error != null ? error : "status: " + Errors.describe(e);
        } catch (RuntimeException e) {
            error = error != null ? error : "status: " + Errors.describe(e);
        }
        outcome(name, error);
        return leaseRenewed;
    }

    private boolean attemptRegistration(String name) {
        try {
            reporter.forget(name);
            register(name);
            outcome(name, null);
            return true;
        } catch (RuntimeException e) {
            reregister.add(name);
            outcome(name, "registration: " + Errors.describe(e));
            return false;
        }
    }

    /** One WARN when heartbeats start failing, one INFO when all succeed again: 1,000 nodes must not flood the log. */
    private void outcome(String name, String error) {
        if (closed) {
            return; // the failure is our own interrupt
        }
        if (error != null) {
            boolean first;
            synchronized (failing) {
                first = failing.isEmpty();
                failing.add(name);
            }
            if (first) {
                LOG.warnf("node heartbeat failed for %s (%s); retrying every %s, further failures are not logged "
                        + "until all nodes recover", name, error, interval);
            }
        } else if (!failing.isEmpty()) {
            boolean recovered;
            synchronized (failing) {
                recovered = failing.remove(name) && failing.isEmpty();
            }
            if (recovered) {
                LOG.infof("node heartbeats succeed again for all %d nodes", nodes.names().size());
            }
        }
    }
}
