package io.quarkube.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.api.informer.Store;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Errors;
import io.quarkube.kubelet.ResourceVersions;
import io.quarkube.kubelet.node.LocalNodes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps one mirror pod in the API per static pod (the kubelet's mirror client and the static-pod part of its
 * syncPod): same namespace, name and spec, annotation kubernetes.io/config.mirror = the static pod's hash, owned by
 * the Node. A mirror that is being deleted or mirrors an older hash is deleted (grace 0, UID precondition) and
 * created again; a mirror whose static pod is gone (and has stopped) is deleted. Works from the informer's pods
 * plus its own writes, on one thread, woken by mirror pod events and every interval.
 */
public final class MirrorPodManager implements ResourceEventHandler<Pod>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MirrorPodManager.class);

    private final ApiClient api;
    private final Store<Pod> cache;
    private final LocalNodes nodes;
    private final Supplier<StaticPodSource.Snapshot> staticPods;
    private final Function<String, Optional<String>> nodeUids;
    private final BiConsumer<String, String> mirrorCreated;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();
    // our own last create/read per full name, newer than the informer until our event arrives
    private final Map<String, Pod> known = new ConcurrentHashMap<>();
    // full names of the mirror pods on our nodes the informer holds (candidates for orphans)
    private final Set<String> mirrorKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = new HashSet<>();
    private boolean failing;

    /**
     * @param nodeUids      the UID of a registered node (the owner of its mirror pods); empty before registration
     * @param mirrorCreated told the static pod's UID and the new mirror's UID when a mirror was (re)created, so
     *                      the static pod's status is written to it
     */
    public MirrorPodManager(ApiClient api, Store<Pod> cache, LocalNodes nodes,
                            Supplier<StaticPodSource.Snapshot> staticPods, Function<String, Optional<String>> nodeUids,
                            BiConsumer<String, String> mirrorCreated, Duration interval) {
        this.api = api;
        this.cache = cache;
        this.nodes = nodes;
        this.staticPods = staticPods;
        this.nodeUids = nodeUids;
        this.mirrorCreated = mirrorCreated;
        this.interval = interval;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-mirror-pods");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::syncSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Syncs soon, once however often it is asked before the sync runs. */
    public void requestSync() {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    queued.set(false);
                    syncSafely();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false); // closing
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public void onAdd(Pod pod) {
        if (ours(pod)) {
            mirrorKeys.add(key(pod));
            requestSync();
        }
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        if (ours(newPod)) {
            mirrorKeys.add(key(newPod));
            // our own status writes come back as updates: only deletion or a different mirror needs us
            if (newPod.getMetadata().getDeletionTimestamp() != null
                    || !Objects.equals(oldPod.getMetadata().getUid(), newPod.getMetadata().getUid())
                    || !Objects.equals(ConfigAnnotations.mirrorHash(oldPod), ConfigAnnotations.mirrorHash(newPod))) {
                requestSync();
            }
        }
    }

    @Override
    public void onDelete(Pod pod) {
        if (ours(pod)) {
            String key = key(pod);
            if (cache.get(key).isEmpty()) {
                mirrorKeys.remove(key);
            }
            known.computeIfPresent(key, (k, v) -> Objects.equals(v.getMetadata().getUid(),
                    pod.getMetadata().getUid()) ? null : v);
            requestSync();
        }
    }

    private void syncSafely() {
        try {
            syncAll();
        } catch (RuntimeException e) {
            LOG.warnf(e, "mirror pods: sync failed");
        }
    }

    /** One pass: every static pod gets its mirror, every orphan mirror goes (tests call it directly). */
    synchronized void syncAll() {
        StaticPodSource.Snapshot snapshot = staticPods.get();
        if (snapshot == null) {
            return; // the manifests were not read yet: no mirror can be judged an orphan
        }
        String firstError = null;
        for (Map.Entry<String, Pod> entry : snapshot.running().entrySet()) {
            try {
                ensureMirror(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                firstError = firstError != null ? firstError : entry.getKey() + ": " + Errors.describe(e);
            }
        }
        Set<String> candidates = new HashSet<>(mirrorKeys);
        candidates.addAll(known.keySet());
        for (String key : candidates) {
            if (snapshot.running().containsKey(key) || snapshot.terminating().contains(key)) {
                continue; // a mirror stays while its static pod is still stopping, as in Kubernetes
            }
            try {
                Pod current = current(key);
                if (current != null && ours(current)) {
                    LOG.infof("mirror pods: deleting %s, its static pod is gone", key);
                    delete(current);
                }
                known.remove(key);
            } catch (RuntimeException e) {
                firstError = firstError != null ? firstError : key + ": " + Errors.describe(e);
            }
        }
        if (firstError != null && !failing) {
            LOG.warnf("mirror pods: could not sync (%s); retrying every %s", firstError, interval);
        } else if (firstError == null && failing) {
            LOG.info("mirror pods: in sync again");
        }
        failing = firstError != null;
    }

    private void ensureMirror(String key, Pod staticPod) {
        String hash = ConfigAnnotations.hash(staticPod);
        Pod current = current(key);
        if (current != null && !ConfigAnnotations.isMirrorPod(current)) {
            warnOnce(key + "|" + current.getMetadata().getUid(), "mirror pods: a pod that is not a mirror holds the "
                    + "name " + key + "; no mirror for static pod " + key);
            return;
        }
        if (current != null && hash.equals(ConfigAnnotations.mirrorHash(current))
                && current.getMetadata().getDeletionTimestamp() == null) {
            return; // in sync
        }
        if (current != null) {
            LOG.infof("mirror pods: deleting %s (%s) to create it again", key,
                    current.getMetadata().getDeletionTimestamp() != null ? "deleted through the API"
                            : "it mirrors an older manifest");
            delete(current);
        }
        String nodeName = staticPod.getSpec().getNodeName();
        Optional<String> nodeUid = nodeUids.apply(nodeName);
        if (nodeUid.isEmpty()) {
            return; // the node is not registered yet: the mirror's owner does not exist
        }
        try {
            Pod created = api.create(Resources.PODS, mirrorOf(staticPod, nodeUid.get()));
            known.put(key, created);
            LOG.infof("mirror pods: created %s for static pod UID %s", key, staticPod.getMetadata().getUid());
            mirrorCreated.accept(staticPod.getMetadata().getUid(), created.getMetadata().getUid());
        } catch (ApiException e) {
            if (e.isConflict()) {
                // AlreadyExists: our informer is behind; judge what is there on the next pass
                api.get(Resources.PODS, staticPod.getMetadata().getNamespace(), staticPod.getMetadata().getName())
                        .ifPresent(p -> known.put(key, p));
                requestSync();
                return;
            }
            if (e.code() >= 400 && e.code() < 500 && e.code() != 429) {
                warnOnce(key + "|" + hash, "mirror pods: the api-server rejects the mirror of " + key + ": "
                        + e.getMessage());
                return;
            }
            throw e;
        }
    }

    /** The kubelet's mirror: a copy of the static pod with the mirror annotation and the Node as controller. */
    static Pod mirrorOf(Pod staticPod, String nodeUid) {
        Pod mirror = Json.copy(staticPod, Pod.class);
        mirror.getMetadata().setUid(null);
        mirror.getMetadata().setResourceVersion(null);
        mirror.getMetadata().setCreationTimestamp(null);
        Map<String, String> annotations = new LinkedHashMap<>(mirror.getMetadata().getAnnotations());
        annotations.put(ConfigAnnotations.MIRROR, ConfigAnnotations.hash(staticPod));
        mirror.getMetadata().setAnnotations(annotations);
        mirror.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                .withKind("Node").withName(staticPod.getSpec().getNodeName()).withUid(nodeUid)
                .withController(true).build()));
        mirror.setStatus(null);
        return mirror;
    }

    private void delete(Pod mirror) {
        try {
            api.delete(Resources.PODS, mirror.getMetadata().getNamespace(), mirror.getMetadata().getName(),
                    new DeleteOptionsBuilder().withGracePeriodSeconds(0L).withNewPreconditions()
                            .withUid(mirror.getMetadata().getUid()).endPreconditions().build());
        } catch (ApiException e) {
            // 404: gone already; 409: the name holds a newer pod (UID precondition), judged on the next pass
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
        known.remove(key(mirror));
    }

    private Pod current(String key) {
        return ResourceVersions.newer(cache.get(key).orElse(null), known.get(key));
    }

    private boolean ours(Pod pod) {
        return ConfigAnnotations.isMirrorPod(pod) && pod.getSpec() != null && nodes.owns(pod.getSpec().getNodeName());
    }

    private void warnOnce(String token, String message) {
        if (warned.add(token)) {
            LOG.warn(message);
        }
    }

    private static String key(Pod pod) {
        return ObjectKey.of(pod).toString();
    }
}
