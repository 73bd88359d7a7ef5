package io.quarkube.loadtest;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.launcher.ClusterConfig;
import io.quarkube.launcher.ClusterPorts;
import io.quarkube.launcher.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/**
 * The hollow-node benchmark of issue 4: a fresh cluster whose one kubelet-agent serves N simulated nodes, then P
 * pods created through the api-server, watched until all run, then held for a while. Phases and progress lines
 * here; what is measured lives in {@link Measurements}, the printout in {@link Report}.
 */
final class HollowNodesBenchmark {
    static final String AGENT = LocalCluster.KUBELET_AGENT;

    private final HollowNodesOptions o;
    private final Path repo;
    private final long t0 = System.nanoTime();
    /** --backlog: the scheduler is stopped on purpose until every pod is created. */
    private boolean schedulerStopped;

    HollowNodesBenchmark(HollowNodesOptions options, Path repo) {
        this.o = options;
        this.repo = repo;
    }

    /** Runs it; the exit code is 0 when every pod ran within the timeout. */
    int run() throws InterruptedException {
        Path data = o.dataDirIn(repo);
        say("hollow-nodes: %d nodes, %d pods in %d namespaces, %d POSTs in flight%s, agent -Xmx%dm, %s commits",
                o.nodes, o.pods, o.namespaces, o.concurrency, o.qps > 0 ? " (at most " + o.qps + "/s)" : "",
                o.agentHeapMb, o.durable ? "durable" : "unsynced (--no-fsync)");
        say("data and logs: %s", data);
        LocalCluster cluster = LocalCluster.start(config(data));
        boolean ok = false;
        try {
            ok = measure(cluster, data);
        } finally {
            if (o.keep) {
                say("cluster kept running (Ctrl-C stops it): export KUBECONFIG=%s", cluster.kubeconfigPath());
                Thread.currentThread().join(); // until Ctrl-C; the launcher's shutdown hook stops the cluster
            }
            cluster.close();
        }
        dropStorage(data);
        return ok ? 0 : 1;
    }

    /** PostgreSQL's and Kafka's data go with the cluster (hundreds of MiB at scale); logs and reports stay. */
    private void dropStorage(Path data) {
        for (String dir : new String[] {"postgres", "kafka/data", "kubelet"}) { // kafka/broker.log stays
            Path p = data.resolve(dir);
            if (!Files.isDirectory(p)) {
                continue;
            }
            try (var files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | RuntimeException e) {
                say("could not remove %s: %s", p, e.getMessage());
            }
        }
        say("removed the cluster's storage; logs and reports stay in %s", data);
    }

    private ClusterConfig config(Path data) {
        ClusterConfig c = ClusterConfig.of(repo, data).ports(ClusterPorts.freePorts()).durablePostgres(o.durable)
                .nodes(o.nodes).runtime("simulated").heapMb(AGENT, o.agentHeapMb)
                .readyTimeout(Duration.ofMinutes(5))
                .progress(line -> say("cluster %s", line.replaceFirst("^\\[\\s*[0-9.]+s\\] ", "")));
        o.heapMb.forEach(c::heapMb);
        if (!o.jfr.isEmpty()) {
            try {
                Files.createDirectories(data.resolve("jfr"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + data.resolve("jfr"), e);
            }
        }
        for (String service : o.jfr) {
            c.env(service.trim(), "JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename="
                    + data.resolve("jfr").resolve(service.trim() + ".jfr") + ",settings=profile,dumponexit=true");
        }
        o.env.forEach(e -> c.env(e[0], e[1], e[2]));
        return c;
    }

    private boolean measure(LocalCluster cluster, Path data) throws InterruptedException {
        ClusterHttp http = new ClusterHttp(cluster.apiServerUrl(), cluster.adminToken(), cluster.caFile());
        ApiClient api = new ApiClient(cluster.apiServerUrl(), cluster.adminToken(), cluster.caFile());
        Measurements m = new Measurements(cluster, http, o);
        try (Informer nodes = new Informer(http, "/api/v1/nodes", m.heartbeats().nodes()).start();
             Informer leases = new Informer(http, "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                     m.heartbeats().leases()).start();
             Informer pods = new Informer(http, "/api/v1/pods", m.pods()).start()) {
            if (!awaitNodesReady(cluster, m)) {
                return false;
            }
            for (int i = 0; i < o.namespaces; i++) {
                createNamespace(api, PodCreator.namespace(i));
            }
            if (o.backlog) {
                cluster.stop(LocalCluster.SCHEDULER);
                schedulerStopped = true;
                say("scheduler stopped: the pods pile up pending, then it starts with the whole backlog");
            }
            m.loadStarts();
            PodCreator creator = new PodCreator(api, m.pods(), o.pods, o.namespaces, o.concurrency, o.qps);
            creator.start();
            boolean allRunning = awaitAllRunning(cluster, m, creator);
            m.loadEnds(creator);
            if (allRunning && !o.settle.isZero()) {
                say("all %d pods Running; holding them %ds to measure heartbeats and memory", o.pods,
                        o.settle.toSeconds());
                long end = System.nanoTime() + o.settle.toNanos();
                while (System.nanoTime() < end && servicesAlive(cluster)) {
                    Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    m.sample();
                    say("holding: %s", m.progressTail());
                }
            }
            m.settled();
            m.agentHeapHistogram(data.resolve("kubelet-agent-heap-histogram.txt"));
            Report report = m.report(creator, allRunning);
            report.print(System.out);
            report.write(data);
            say("report written to %s (and report.json; the agent's live heap by class in "
                    + "kubelet-agent-heap-histogram.txt)", data.resolve("report.txt"));
            return allRunning;
        }
    }

    private boolean awaitNodesReady(LocalCluster cluster, Measurements m) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long started = System.nanoTime();
        int last = -1;
        while (m.heartbeats().readyNodes() < o.nodes) {
            if (!servicesAlive(cluster)) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                say("only %d of %d nodes became Ready within 10 minutes: see %s", m.heartbeats().readyNodes(),
                        o.nodes, cluster.logFile(AGENT));
                return false;
            }
            Thread.sleep(1_000);
            int ready = m.heartbeats().readyNodes();
            if (ready != last && (System.nanoTime() - started) / 1_000_000_000L % 5 == 0 || ready == o.nodes) {
                say("nodes Ready: %d/%d", ready, o.nodes);
                last = ready;
            }
        }
        m.nodesReady((System.nanoTime() - started) / 1e9);
        return true;
    }

    private boolean awaitAllRunning(LocalCluster cluster, Measurements m, PodCreator creator)
            throws InterruptedException {
        long deadline = creator.startNanos() + o.timeout.toNanos();
        long lastPrint = System.nanoTime();
        long lastRunning = 0;
        long lastCreated = 0;
        while (m.pods().running() < o.pods) {
            Thread.sleep(250);
            if (schedulerStopped && creator.done()) {
                say("all %d pods created; starting the scheduler", m.pods().created());
                cluster.restart(LocalCluster.SCHEDULER);
                m.restarted(LocalCluster.SCHEDULER);
                schedulerStopped = false;
            }
            if (!servicesAlive(cluster)) {
                return false;
            }
            if (creator.done() && creator.failed() > 0 && m.pods().running() + creator.failed() >= o.pods) {
                say("%d pods could not be created (%s)", creator.failed(), creator.errors());
                return false;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                say("timeout: %d of %d pods Running after %ds", m.pods().running(), o.pods, o.timeout.toSeconds());
                return false;
            }
            if (now - lastPrint >= 5_000_000_000L) {
                double secs = (now - lastPrint) / 1e9;
                m.sample();
                say("created %d/%d (%.0f/s)  scheduled %d  running %d (%.0f/s)  %s", m.pods().created(), o.pods,
                        (m.pods().created() - lastCreated) / secs, m.pods().scheduled(), m.pods().running(),
                        (m.pods().running() - lastRunning) / secs, m.progressTail());
                lastPrint = now;
                lastCreated = m.pods().created();
                lastRunning = m.pods().running();
            }
        }
        say("all %d pods Running %.1fs after the first POST", o.pods, (System.nanoTime() - creator.startNanos()) / 1e9);
        return true;
    }

    private static void createNamespace(ApiClient api, String name) {
        try {
            api.create(Resources.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .build());
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
    }

    /** False (after saying which and where its log is) when a service died. */
    private boolean servicesAlive(LocalCluster cluster) {
        for (String s : LocalCluster.SERVICES) {
            if (!cluster.isRunning(s) && !(schedulerStopped && s.equals(LocalCluster.SCHEDULER))) {
                say("the %s exited during the benchmark: see %s", s, cluster.logFile(s));
                return false;
            }
        }
        return true;
    }

    private void say(String format, Object... args) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, String.format(format, args));
        System.out.flush();
    }
}
