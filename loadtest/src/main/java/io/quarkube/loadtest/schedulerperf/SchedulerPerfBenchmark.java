package io.quarkube.loadtest.schedulerperf;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.core.Scheduler;
import io.quarkube.scheduler.core.SchedulerClient;
import io.quarkube.scheduler.core.SchedulerMetrics;
import io.quarkube.scheduler.core.SchedulingAlgorithm;
import io.quarkube.scheduler.plugins.DefaultPlugins;
import io.quarkube.scheduler.queue.SchedulingQueue;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kube-scheduler's scheduler_perf in small: a backlog of pods goes through the real scheduling queue, cycle
 * (filter, score, assume) and binding threads; the binder records each binding and an "informer" thread
 * confirms it to the cache, as the pod's update event would. Throughput = pods / time until the last binding.
 */
public final class SchedulerPerfBenchmark {
    private final SchedulerPerfOptions options;

    public SchedulerPerfBenchmark(SchedulerPerfOptions options) {
        this.options = options;
    }

    /** One run's outcome: pods/s and the placements, for the checks. */
    record Run(double podsPerSecond, Duration elapsed, Map<String, String> placements, SchedulerCache cache) {
    }

    public int run() throws Exception {
        System.out.printf(Locale.ROOT, "scheduler-perf: %d nodes, %d pods per run, %d warm-up + %d measured runs, "
                        + "percentageOfNodesToScore %s, %d bind threads, %d cores%n", options.nodes, options.pods,
                options.warmup, options.runs, options.percentage == 0 ? "adaptive" : options.percentage,
                options.bindThreads, Runtime.getRuntime().availableProcessors());
        Recording recording = null;
        boolean allChecked = true;
        List<String> summary = new ArrayList<>();
        for (Workload workload : options.variants) {
            List<Node> nodes = workload.nodes(options.nodes);
            for (int i = 0; i < options.warmup; i++) {
                Run warm = runOnce(workload, nodes);
                System.out.printf(Locale.ROOT, "  %-16s warm-up    %8.0f pods/s%n", workload.id, warm.podsPerSecond());
            }
            if (options.jfr != null && recording == null) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.start();
            }
            List<Double> rates = new ArrayList<>();
            for (int i = 1; i <= options.runs; i++) {
                Run run = runOnce(workload, nodes);
                List<String> problems = PlacementChecks.check(workload, nodes, run.placements(), options.pods,
                        run.cache());
                allChecked &= problems.isEmpty();
                rates.add(run.podsPerSecond());
                System.out.printf(Locale.ROOT, "  %-16s run %d      %8.0f pods/s  (%d pods in %d ms)  %s%n",
                        workload.id, i, run.podsPerSecond(), options.pods, run.elapsed().toMillis(),
                        problems.isEmpty() ? "placements OK" : "PLACEMENT PROBLEMS: " + problems);
            }
            double median = median(rates);
            summary.add(String.format(Locale.ROOT, "  %-16s median %8.0f pods/s over %d runs (%d nodes, %d pods)",
                    workload.id, median, rates.size(), options.nodes, options.pods));
        }
        if (recording != null) {
            recording.dump(options.jfr);
            recording.close();
            System.out.println("JFR profile of the measured runs: " + options.jfr.toAbsolutePath());
        }
        System.out.println("summary:");
        summary.forEach(System.out::println);
        return allChecked ? 0 : 1;
    }

    private Run runOnce(Workload workload, List<Node> nodes) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        SchedulerCache cache = new SchedulerCache(clock, Duration.ofMinutes(5));
        nodes.forEach(cache::addOrUpdateNode);
        SchedulingQueue queue = new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        List<Pod> pods = new ArrayList<>(options.pods);
        for (int i = 0; i < options.pods; i++) {
            pods.add(workload.pod(i));
        }
        Map<String, String> placements = new ConcurrentHashMap<>();
        AtomicInteger unschedulable = new AtomicInteger();
        CountDownLatch bound = new CountDownLatch(options.pods);
        LinkedBlockingQueue<Pod> confirmations = new LinkedBlockingQueue<>();
        Thread informer = new Thread(() -> confirm(confirmations, cache), "perf-informer");
        informer.setDaemon(true);
        informer.start();
        SchedulerClient countingClient = new SchedulerClient() {
            @Override
            public void bind(Pod pod, String nodeName) {
                if (placements.putIfAbsent(pod.getMetadata().getName(), nodeName) != null) {
                    throw new IllegalStateException("bound twice: " + pod.getMetadata().getName());
                }
                confirmations.add(boundCopy(pod, nodeName));
                bound.countDown();
            }

            @Override
            public void markUnschedulable(Pod pod, String message) {
                unschedulable.incrementAndGet();
            }
        };
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(DefaultPlugins.framework(), options.percentage);
        try (Scheduler scheduler = new Scheduler(queue, cache, algorithm, countingClient, options.bindThreads,
                EventRecorder.discarding(), SchedulerMetrics.NONE, clock)) {
            pods.forEach(queue::addOrUpdate);
            long start = System.nanoTime();
            scheduler.start();
            awaitAllBound(workload, bound, queue, unschedulable, start);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Run(options.pods / (elapsed.toNanos() / 1e9), elapsed, placements, cache);
        } finally {
            informer.interrupt();
        }
    }

    /**
     * Waits for every binding; gives up at the timeout, or at once when the cluster is full: nothing left to
     * try (no active pod) while pods wait as unschedulable, so no binding can come.
     */
    private void awaitAllBound(Workload workload, CountDownLatch bound, SchedulingQueue queue,
                               AtomicInteger unschedulable, long start) throws InterruptedException {
        long deadline = start + options.timeout.toNanos();
        while (!bound.await(1, TimeUnit.SECONDS)) {
            SchedulingQueue.Counts counts = queue.counts();
            boolean full = counts.active() == 0 && counts.unschedulable() > 0 && counts.backoff() == 0;
            if (full || System.nanoTime() > deadline) {
                throw new IllegalStateException(workload.id + ": only " + (options.pods - bound.getCount()) + " of "
                        + options.pods + " pods bound" + (full ? "; the rest fit no node (" + options.nodes
                        + " nodes are too few for this variant)" : " within " + options.timeout)
                        + " (queue: " + counts + ", " + unschedulable.get() + " unschedulable verdicts)");
            }
        }
    }

    /** The pod as its update event after the binding shows it: same metadata, spec.nodeName set. */
    private static Pod boundCopy(Pod pod, String nodeName) {
        Pod copy = new Pod();
        copy.setMetadata(pod.getMetadata());
        copy.setSpec(new PodSpecBuilder(pod.getSpec()).withNodeName(nodeName).build());
        copy.setStatus(pod.getStatus());
        return copy;
    }

    private static void confirm(LinkedBlockingQueue<Pod> confirmations, SchedulerCache cache) {
        try {
            while (true) {
                cache.addOrUpdatePod(confirmations.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
