package io.quarkube.loadtest;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Creates the benchmark pods with a fixed number of POSTs in flight (threads), optionally capped at a rate. A
 * failed POST is retried (a 409 after a retry means the first attempt had landed); errors are counted by code.
 */
final class PodCreator {
    static final String NAME_PREFIX = "hollow-";
    private static final int ATTEMPTS = 5;

    private final ApiClient api;
    private final PodTracker tracker;
    private final int pods;
    private final int namespaces;
    private final int threads;
    private final double qps;
    private final AtomicInteger next = new AtomicInteger();
    private final Histogram latencyUs = new Histogram(3_600_000_000L, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private volatile long startNanos;
    private volatile long endNanos;

    PodCreator(ApiClient api, PodTracker tracker, int pods, int namespaces, int threads, double qps) {
        this.api = api;
        this.tracker = tracker;
        this.pods = pods;
        this.namespaces = namespaces;
        this.threads = threads;
        this.qps = qps;
    }

    static String namespace(int i) {
        return "bench-" + i;
    }

    /** Starts the creating threads and returns at once. */
    void start() {
        startNanos = System.nanoTime();
        AtomicInteger running = new AtomicInteger(threads);
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    work();
                } finally {
                    if (running.decrementAndGet() == 0) {
                        endNanos = System.nanoTime();
                    }
                }
            }, "create-" + t);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void work() {
        int i;
        while ((i = next.getAndIncrement()) < pods) {
            if (qps > 0) {
                long due = startNanos + (long) (i * 1e9 / qps); // open loop: pod i is due at i/qps
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
            }
            create(pod(i));
        }
    }

    private void create(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long t0 = System.nanoTime();
            try {
                api.create(Resources.PODS, pod);
                long t1 = System.nanoTime();
                synchronized (latencyUs) {
                    latencyUs.recordValue(Math.min((t1 - t0) / 1_000, 3_600_000_000L));
                }
                tracker.created(ns, name, t1);
                return;
            } catch (ApiException e) {
                if (e.isConflict() && attempt > 1) {
                    tracker.created(ns, name, System.nanoTime()); // the earlier attempt was stored
                    return;
                }
                count(Integer.toString(e.code()));
            } catch (RuntimeException e) {
                count(e.getClass().getSimpleName());
            }
            sleepNanos(attempt * 500_000_000L);
        }
        failed.incrementAndGet();
    }

    private void count(String what) {
        errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** One small container; requests let 30 pods fit a 4-cpu/8Gi hollow node (40 by cpu, 40 by memory). */
    Pod pod(int i) {
        return new PodBuilder()
                .withNewMetadata().withName(String.format("%s%05d", NAME_PREFIX, i))
                .withNamespace(namespace(i % namespaces)).addToLabels("app", "hollow-bench").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("200Mi")))
                .endResources().endContainer().withTerminationGracePeriodSeconds(0L).endSpec()
                .build();
    }

    boolean done() {
        return endNanos != 0;
    }

    /** Seconds from the first POST to the last answer (so far, while running). */
    double seconds() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return (end - startNanos) / 1e9;
    }

    long startNanos() {
        return startNanos;
    }

    long failed() {
        return failed.get();
    }

    Map<String, Long> errors() {
        Map<String, Long> m = new java.util.TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    Histogram latency() {
        synchronized (latencyUs) {
            return latencyUs.copy();
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
