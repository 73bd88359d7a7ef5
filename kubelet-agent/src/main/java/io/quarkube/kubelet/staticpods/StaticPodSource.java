package io.quarkube.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.podworkers.PodWorkerState;
import io.quarkube.kubelet.podworkers.PodWorkers;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's file source: polls the static pod directory and runs each manifest as a static pod on the pod
 * workers, with no api-server involved. A changed manifest replaces its pod (the old UID is terminated first, and
 * as in Kubernetes the new one starts only once the old one has stopped, since they share a name); a removed
 * manifest stops its pod. A broken manifest is one WARN line naming the file, once per content.
 */
public final class StaticPodSource implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StaticPodSource.class);
    private static final long SETTLE_MILLIS = 200;

    /** What the mirror pod manager needs: the static pods handed to the workers, and names still terminating. */
    public record Snapshot(Map<String, Pod> running, Set<String> terminating) {
        public static final Snapshot EMPTY = new Snapshot(Map.of(), Set.of());
    }

    /** A file's last content digest and what it gave: a pod, or a problem. */
    private record FileState(byte[] digest, Pod pod, String problem) {
    }

    private final Optional<Path> dir;
    private final String nodeName;
    private final PodWorkers workers;
    private final Duration interval;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    // below: only touched under this object's lock
    private final Map<Path, FileState> files = new HashMap<>();
    private final Map<String, Pod> desired = new LinkedHashMap<>();
    private final Map<String, Pod> running = new HashMap<>();
    private final Map<String, Pod> terminating = new HashMap<>(); // by UID
    private final Set<String> warnedDuplicates = new HashSet<>();
    private boolean dirMissingLogged;
    private boolean settleScheduled;
    private volatile Snapshot snapshot;

    public StaticPodSource(Optional<Path> dir, String nodeName, PodWorkers workers, Duration interval, Clock clock) {
        this.dir = dir;
        this.nodeName = nodeName;
        this.workers = workers;
        this.interval = interval;
        this.clock = clock;
        this.snapshot = dir.isPresent() ? null : Snapshot.EMPTY; // null until the first scan
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-static-pods");
            t.setDaemon(true);
            return t;
        });
    }

    /** Told (on the source's thread) whenever the snapshot changed; add before {@link #start()}. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void start() {
        dir.ifPresent(d -> {
            LOG.infof("static pods: watching %s every %s for node %s", d, interval, nodeName);
            thread.scheduleWithFixedDelay(this::scanSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Null until the directory was read once (mirror pods must not be judged orphans before that). */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** File name to problem, for the manifests that cannot be run. */
    public synchronized Map<String, String> problems() {
        Map<String, String> result = new TreeMap<>();
        files.forEach((file, state) -> {
            if (state.problem() != null) {
                result.put(file.getFileName().toString(), state.problem());
            }
        });
        return result;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warnf(e, "static pods: scanning %s failed", dir.orElse(null));
        }
    }

    /** Reads the directory and brings the workers in line with it (tests call it directly). */
    synchronized void scan() {
        Path d = dir.orElseThrow();
        Map<Path, byte[]> contents = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
            for (Path file : entries) {
                if (ManifestReader.isManifestName(file.getFileName().toString()) && Files.isRegularFile(file)) {
                    contents.put(file, Files.readAllBytes(file));
                }
            }
            dirMissingLogged = false;
        } catch (NoSuchFileException e) {
            if (!dirMissingLogged) {
                LOG.infof("static pods: %s does not exist; no static pods until it does", d);
                dirMissingLogged = true;
            }
            contents.clear();
        } catch (IOException e) {
            LOG.warnf("static pods: cannot read %s (%s); keeping the static pods as they are", d, e.getMessage());
            return;
        }
        files.keySet().retainAll(contents.keySet());
        Map<String, Pod> next = new LinkedHashMap<>();
        for (Map.Entry<Path, byte[]> entry : contents.entrySet()) {
            Pod pod = read(entry.getKey(), entry.getValue());
            if (pod == null) {
                continue;
            }
            String fullName = StaticPodFactory.fullName(pod);
            Pod other = next.putIfAbsent(fullName, pod);
            if (other != null && warnedDuplicates.add(entry.getKey() + "|" + fullName)) {
                LOG.warnf("static pods: %s defines pod %s again; ignoring it", entry.getKey(), fullName);
            }
        }
        desired.clear();
        desired.putAll(next);
        settle();
    }

    /** The pod of a file, parsing it only if its content changed; null if it is broken (warned once). */
    private Pod read(Path file, byte[] content) {
        byte[] digest = sha256(content);
        FileState known = files.get(file);
        if (known != null && Arrays.equals(known.digest(), digest)) {
            return known.pod();
        }
        try {
            Pod manifest = ManifestReader.parse(file.getFileName().toString(), content);
            Pod pod = StaticPodFactory.staticPod(manifest, nodeName, clock.instant());
            files.put(file, new FileState(digest, pod, null));
            return pod;
        } catch (ManifestReader.ManifestException e) {
            LOG.warnf("static pods: ignoring %s: %s", file, e.getMessage());
            files.put(file, new FileState(digest, null, e.getMessage()));
            return null;
        }
    }

    /** Stops what is no longer wanted, starts what is wanted once its name is free, publishes the result. */
    private synchronized void settle() {
        settleScheduled = false;
        for (Map.Entry<String, Pod> entry : new ArrayList<>(running.entrySet())) {
            Pod wanted = desired.get(entry.getKey());
            Pod current = entry.getValue();
            if (wanted == null || !uid(wanted).equals(uid(current))) {
                LOG.infof("static pods: %s %s (UID %s)", wanted == null ? "stopping removed" : "replacing changed",
                        entry.getKey(), uid(current));
                running.remove(entry.getKey());
                terminating.put(uid(current), current);
                workers.removePod(current);
            }
        }
        terminating.values().removeIf(p -> workers.state(uid(p)).map(s -> s == PodWorkerState.TERMINATED).orElse(true));
        boolean waiting = false;
        for (Map.Entry<String, Pod> entry : desired.entrySet()) {
            if (running.containsKey(entry.getKey())) {
                continue;
            }
            if (terminating.values().stream().anyMatch(p -> StaticPodFactory.fullName(p).equals(entry.getKey()))) {
                waiting = true; // one static pod per full name at a time
                continue;
            }
            LOG.infof("static pods: starting %s (UID %s)", entry.getKey(), uid(entry.getValue()));
            running.put(entry.getKey(), entry.getValue());
            workers.updatePod(entry.getValue());
        }
        if ((waiting || !terminating.isEmpty()) && !settleScheduled && !thread.isShutdown()) {
            settleScheduled = true;
            try {
                thread.schedule(this::settle, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                settleScheduled = false; // closing
            }
        }
        publish();
    }

    private void publish() {
        Map<String, Pod> runningCopy = Map.copyOf(running);
        Set<String> terminatingNames = Set.copyOf(terminating.values().stream().map(StaticPodFactory::fullName).toList());
        Snapshot next = new Snapshot(runningCopy, terminatingNames);
        if (!Objects.equals(next, snapshot)) {
            snapshot = next;
            listeners.forEach(Runnable::run);
        }
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
