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
import io.quarkube.kubelet.staticpods.ConfigAnnotations;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the status the kubelet wants for each pod (by UID, versioned) and writes changed ones to the api-server
 * from one sync thread. Setters coalesce: equal statuses are dropped and a burst of changes wakes the thread once
 * (a one-slot signal). Only the sync thread touches {@code sentVersion} and {@code lastWritten}.
 *
 * <p>A static pod's status goes to its mirror pod (the kubelet's translatePodUID): the pod in the API with the
 * same namespace/name whose kubernetes.io/config.mirror annotation is the static pod's config hash. While no such
 * mirror exists the status waits; {@link #mirrorCreated} sends it again once the mirror is there.
 */
public final class StatusManager implements PodStatusSink, PodStatusProvider, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatusManager.class);
    private static final Duration IDLE_WAKEUP = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int CONFLICT_RETRIES = 3;
    /**
     * Writers per pass: one synchronous PUT at a time cannot keep up with a hollow agent's 30,000 pods (measured:
     * the single thread spent most of a load run waiting on responses). Each pod is written by one writer per pass.
     */
    private static final int WRITERS = 8;

    /** The newest pod the informer holds, by namespace and name. */
    @FunctionalInterface
    public interface PodLookup {
        Optional<Pod> get(String namespace, String name);
    }

    /**
     * {@code mirrorHash} is the config hash of a static pod (its status goes to the mirror), else null;
     * {@code mirrorUid} the UID of the mirror the agent last created for it, once known.
     */
    private record Desired(String namespace, String name, PodStatus status, long version, boolean terminated,
                           boolean confirmDeletion, String mirrorHash, String mirrorUid) {

        Desired next(PodStatus newStatus, boolean nowTerminated, boolean confirm) {
            return new Desired(namespace, name, newStatus, version + 1, nowTerminated, confirm, mirrorHash, mirrorUid);
        }

        Desired withMirror(String uid) {
            return new Desired(namespace, name, status, version + 1, terminated, confirmDeletion, mirrorHash, uid);
        }
    }

    private final ApiClient api;
    private final PodLookup cache;
    private final Map<String, Desired> desired = new ConcurrentHashMap<>();
    private final Map<String, Long> sentVersion = new ConcurrentHashMap<>();
    private final Map<String, Pod> lastWritten = new ConcurrentHashMap<>();
    private final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
        Thread t = new Thread(r, "kubelet-status-writer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    private volatile boolean failing;

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
        writers.shutdownNow();
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
            return old == null ? desired(pod, merged, false, false) : old.next(merged, false, false);
        });
        if (changed[0]) {
            signal.offer(Boolean.TRUE);
        }
    }

    @Override
    public void podTerminated(Pod pod, boolean confirmDeletion) {
        String uid = pod.getMetadata().getUid();
        desired.compute(uid, (key, old) -> old == null ? desired(pod, pod.getStatus(), true, confirmDeletion)
                : old.next(old.status(), true, confirmDeletion));
        signal.offer(Boolean.TRUE);
    }

    /**
     * The mirror pod of this static pod was (re)created: its status is the api-server's Pending, so write ours
     * again, to that mirror only (the informer may still hold the one it replaced). A version bump rather than a
     * flag, so that a sync pass racing with the creation cannot lose it.
     */
    public void mirrorCreated(String staticPodUid, String mirrorUid) {
        Desired bumped = desired.computeIfPresent(staticPodUid, (key, old) -> old.terminated() ? old
                : old.withMirror(mirrorUid));
        if (bumped != null) {
            signal.offer(Boolean.TRUE);
        }
    }

    private static Desired desired(Pod pod, PodStatus status, boolean terminated, boolean confirmDeletion) {
        String mirrorHash = ConfigAnnotations.isStaticPod(pod) ? ConfigAnnotations.hash(pod) : null;
        return new Desired(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status, 1, terminated,
                confirmDeletion, mirrorHash, null);
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
        List<Map.Entry<String, Desired>> pending = desired.entrySet().stream()
                .filter(e -> e.getValue().terminated() || e.getValue().version() > sentVersion.getOrDefault(e.getKey(), 0L))
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        boolean ok;
        if (pending.size() <= 1) {
            ok = pending.stream().allMatch(e -> write(e.getKey(), e.getValue()));
        } else {
            int shards = Math.min(WRITERS, pending.size());
            List<Future<Boolean>> results = new ArrayList<>(shards);
            for (int shard = 0; shard < shards; shard++) {
                int first = shard;
                results.add(writers.submit(() -> {
                    boolean shardOk = true;
                    for (int i = first; i < pending.size(); i += shards) {
                        shardOk &= write(pending.get(i).getKey(), pending.get(i).getValue());
                    }
                    return shardOk;
                }));
            }
            ok = true;
            for (Future<Boolean> result : results) {
                try {
                    ok &= result.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException e) {
                    ok = false;
                }
            }
        }
        if (ok && failing) {
            LOG.info("pod status writes succeed again");
        }
        failing = !ok;
        return ok;
    }

    /** Writes one pod's status or confirms its deletion; false if it must be retried. */
    private boolean write(String uid, Desired d) {
        try {
            if (d.terminated()) {
                confirmTermination(uid, d);
            } else {
                syncOne(uid, d);
            }
            return true;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("could not write the status of pod %s/%s: %s; retrying", d.namespace(), d.name(),
                        Errors.describe(e));
            }
            return false;
        }
    }

    private void syncOne(String uid, Desired d) {
        Pod pod = ResourceVersions.newer(cache.get(d.namespace(), d.name()).filter(p -> target(p, uid, d)).orElse(null),
                Optional.ofNullable(lastWritten.get(uid)).filter(p -> target(p, uid, d)).orElse(null));
        for (int attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
            if (pod == null) {
                pod = fetch(uid, d);
                if (pod == null) {
                    goneOrWaitForMirror(uid, d);
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
                    goneOrWaitForMirror(uid, d);
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
        return api.get(Resources.PODS, d.namespace(), d.name()).filter(p -> target(p, uid, d)).orElse(null);
    }

    /** An API pod that is gone is forgotten; a static pod without a mirror keeps its status until mirrorCreated. */
    private void goneOrWaitForMirror(String uid, Desired d) {
        if (d.mirrorHash() == null) {
            forget(uid, d);
        } else {
            sentVersion.put(uid, d.version());
            lastWritten.remove(uid);
        }
    }

    /**
     * The API object that carries this pod's status: the pod itself, or a static pod's mirror (the kubelet's
     * translatePodUID): mirror annotation = the static pod's hash, not being deleted, the one we created if known.
     */
    private static boolean target(Pod pod, String uid, Desired d) {
        if (d.mirrorHash() == null) {
            return hasUid(pod, uid);
        }
        return ConfigAnnotations.isMirrorPod(pod) && d.mirrorHash().equals(ConfigAnnotations.mirrorHash(pod))
                && pod.getMetadata().getDeletionTimestamp() == null
                && (d.mirrorUid() == null || d.mirrorUid().equals(pod.getMetadata().getUid()));
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
