package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Errors;
import io.quarkube.kubelet.ResourceVersions;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the status the kubelet wants for each pod (by UID, versioned) and writes changed ones to the api-server
 * from one sync thread. Setters coalesce: equal statuses are dropped and a burst of changes wakes the thread once
 * (a one-slot signal). Only the sync thread touches {@code sentVersion} and {@code lastWritten}.
 */
public final class StatusManager implements PodStatusSink, PodStatusProvider, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatusManager.class);
    private static final Duration IDLE_WAKEUP = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int CONFLICT_RETRIES = 3;

    /** The newest pod the informer holds, by namespace and name. */
    @FunctionalInterface
    public interface PodLookup {
        Optional<Pod> get(String namespace, String name);
    }

    private record Desired(String namespace, String name, PodStatus status, long version, boolean terminated,
                           boolean confirmDeletion) {
    }

    private final ApiClient api;
    private final PodLookup cache;
    private final Map<String, Desired> desired = new ConcurrentHashMap<>();
    private final Map<String, Long> sentVersion = new ConcurrentHashMap<>();
    private final Map<String, Pod> lastWritten = new ConcurrentHashMap<>();
    private final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    public StatusManager(ApiClient api, PodLookup cache) {
        this.api = api;
        this.cache = cache;
        this.thread = new Thread(this::run, "kubelet-status-sync");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<PodStatus> getPodStatus(String uid) {
        return Optional.ofNullable(desired.get(uid)).map(Desired::status);
    }

    @Override
    public void setPodStatus(Pod pod, PodStatus status) {
        String uid = pod.getMetadata().getUid();
        boolean[] changed = {false};
        desired.compute(uid, (key, old) -> {
            if (old != null && old.terminated()) {
                return old;
            }
            PodStatus merged = StatusMerge.merge(old != null ? old.status() : pod.getStatus(), status);
            if (old != null && merged.equals(old.status())) {
                return old;
            }
            changed[0] = true;
            return new Desired(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), merged,
                    old == null ? 1 : old.version() + 1, false, false);
        });
        if (changed[0]) {
            signal.offer(Boolean.TRUE);
        }
    }

    @Override
    public void podTerminated(Pod pod, boolean confirmDeletion) {
        String uid = pod.getMetadata().getUid();
        desired.compute(uid, (key, old) -> new Desired(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                old == null ? pod.getStatus() : old.status(), old == null ? 1 : old.version() + 1, true,
                confirmDeletion));
        signal.offer(Boolean.TRUE);
    }

    /** Pods with a status to write or a deletion to confirm (for tests and metrics). */
    public int pending() {
        return (int) desired.entrySet().stream()
                .filter(e -> e.getValue().terminated() || e.getValue().version() > sentVersion.getOrDefault(e.getKey(), 0L))
                .count();
    }

    private void run() {
        boolean retrySoon = false;
        while (running) {
            try {
                signal.poll((retrySoon ? RETRY : IDLE_WAKEUP).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            retrySoon = !syncAll();
        }
    }

    /** One pass over every pod with something to send; false if some write must be retried. */
    boolean syncAll() {
        boolean ok = true;
        for (Map.Entry<String, Desired> entry : desired.entrySet()) {
            String uid = entry.getKey();
            Desired d = entry.getValue();
            if (!d.terminated() && d.version() <= sentVersion.getOrDefault(uid, 0L)) {
                continue;
            }
            try {
                if (d.terminated()) {
                    confirmTermination(uid, d);
                } else {
                    syncOne(uid, d);
                }
            } catch (RuntimeException e) {
                ok = false;
                if (!failing) {
                    LOG.warnf("could not write the status of pod %s/%s: %s; retrying", d.namespace(), d.name(),
                            Errors.describe(e));
                }
            }
        }
        if (ok && failing) {
            LOG.info("pod status writes succeed again");
        }
        failing = !ok;
        return ok;
    }

    private void syncOne(String uid, Desired d) {
        Pod pod = ResourceVersions.newer(cache.get(d.namespace(), d.name()).filter(p -> hasUid(p, uid)).orElse(null),
                lastWritten.get(uid));
        for (int attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
            if (pod == null) {
                pod = fetch(uid, d);
                if (pod == null) {
                    forget(uid, d);
                    return;
                }
            }
            PodStatus target = StatusMerge.merge(pod.getStatus(), d.status());
            if (target.equals(pod.getStatus())) {
                sentVersion.put(uid, d.version());
                return;
            }
            Pod copy = Json.copy(pod, Pod.class);
            copy.setStatus(target);
            try {
                lastWritten.put(uid, api.updateStatus(Resources.PODS, copy));
                sentVersion.put(uid, d.version());
                return;
            } catch (ApiException e) {
                if (e.isNotFound()) {
                    forget(uid, d);
                    return;
                }
                if (!e.isConflict()) {
                    if (e.code() >= 400 && e.code() < 500 && e.code() != 429) {
                        // rejected for good: retrying the same status would fail the same way
                        LOG.warnf("pod %s/%s: status rejected: %s", d.namespace(), d.name(), e.getMessage());
                        sentVersion.put(uid, d.version());
                        return;
                    }
                    throw e;
                }
                pod = null; // stale resourceVersion: read it again
            }
        }
        throw new IllegalStateException("status of pod " + d.namespace() + "/" + d.name() + " kept conflicting");
    }

    private void confirmTermination(String uid, Desired d) {
        if (d.confirmDeletion()) {
            try {
                // the kubelet's confirmation: containers are gone, the pod may go at once (grace 0)
                api.delete(Resources.PODS, d.namespace(), d.name(), new DeleteOptionsBuilder()
                        .withGracePeriodSeconds(0L).withNewPreconditions().withUid(uid).endPreconditions().build());
                LOG.infof("pod %s/%s deleted", d.namespace(), d.name());
            } catch (ApiException e) {
                // 404: already gone; 409: the name now belongs to a new pod (UID precondition)
                if (!e.isNotFound() && !e.isConflict()) {
                    throw e;
                }
            }
        }
        forget(uid, d);
    }

    private Pod fetch(String uid, Desired d) {
        return api.get(Resources.PODS, d.namespace(), d.name()).filter(p -> hasUid(p, uid)).orElse(null);
    }

    private void forget(String uid, Desired d) {
        desired.remove(uid, d);
        sentVersion.remove(uid);
        lastWritten.remove(uid);
    }

    private static boolean hasUid(Pod pod, String uid) {
        return Objects.equals(pod.getMetadata().getUid(), uid);
    }
}
