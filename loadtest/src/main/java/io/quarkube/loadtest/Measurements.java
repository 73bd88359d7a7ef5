package io.quarkube.loadtest;

import io.quarkube.infra.Processes;
import io.quarkube.launcher.LocalCluster;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the benchmark measures besides the pod timelines: scrapes of the api-server's and the agent's
 * metrics at the phase boundaries, CPU seconds of every process, the agent's heap and RSS (sampled, and after a
 * full GC at the end). {@link #report} turns it all into the {@link Report}.
 */
final class Measurements {
    static final String LATENESS_METRIC = "kubelet_node_lease_renew_lateness_seconds";
    private static final String HEAP = "jvm_memory_used_bytes";

    private final LocalCluster cluster;
    private final ClusterHttp http;
    private final HollowNodesOptions o;
    private final PodTracker pods = new PodTracker(PodCreator.NAME_PREFIX);
    private final HeartbeatTracker heartbeats;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private Map<String, Double> cpuAtStart;
    private Map<String, Double> cpuAtLoadEnd;
    private Map<String, Double> cpuAtEnd;
    private PromText apiAtStart = PromText.empty();
    private PromText apiAtLoadEnd = PromText.empty();
    private PromText apiAtEnd = PromText.empty();
    private PromText agentAtStart = PromText.empty();
    private PromText agentAtEnd = PromText.empty();
    private double nodesReadySeconds;
    private long loadStart;
    private long loadEnd;
    private long settleEnd;
    private double heapPeak;
    private double lastHeap = Double.NaN;
    // the agent's lateness timer may publish only client-side percentiles over a sliding window: the worst seen
    private double latenessP99Worst;
    private double latenessMaxWorst;
    private double heapAfterGc = Double.NaN;
    private long rssPeak;
    private long rssEnd;
    private long podChangesAtLoadEnd;

    Measurements(LocalCluster cluster, ClusterHttp http, HollowNodesOptions options) {
        this.cluster = cluster;
        this.http = http;
        this.o = options;
        this.heartbeats = new HeartbeatTracker(options.heartbeatInterval);
        LocalCluster.SERVICES.forEach(s -> pids.put(s, cluster.pid(s)));
        pids.put("postgresql", cluster.postgresPid());
        pids.put("kafka", cluster.brokerPid());
        pids.put("loadtest (this JVM)", ProcessHandle.current().pid());
    }

    PodTracker pods() {
        return pods;
    }

    HeartbeatTracker heartbeats() {
        return heartbeats;
    }

    void nodesReady(double seconds) {
        nodesReadySeconds = seconds;
    }

    void loadStarts() {
        apiAtStart = scrape(LocalCluster.API_SERVER);
        agentAtStart = scrape(HollowNodesBenchmark.AGENT);
        cpuAtStart = cpu();
        heartbeats.startMeasuring();
        loadStart = System.nanoTime();
    }

    void loadEnds(PodCreator creator) {
        loadEnd = pods.lastRunningAt() != 0 ? pods.lastRunningAt() : System.nanoTime();
        podChangesAtLoadEnd = pods.changes();
        apiAtLoadEnd = scrape(LocalCluster.API_SERVER);
        cpuAtLoadEnd = cpu();
    }

    /** End of the holding period: last scrapes, then a full GC of the agent to see its live heap. */
    void settled() {
        settleEnd = System.nanoTime();
        apiAtEnd = scrape(LocalCluster.API_SERVER);
        agentAtEnd = scrape(HollowNodesBenchmark.AGENT);
        cpuAtEnd = cpu();
        sample();
        if (fullGc(cluster.pid(HollowNodesBenchmark.AGENT))) {
            heapAfterGc = scrape(HollowNodesBenchmark.AGENT).sum(HEAP, s -> "heap".equals(s.label("area")));
        }
        rssEnd = ProcStats.rssBytes(cluster.pid(HollowNodesBenchmark.AGENT));
    }

    /** A sample of the agent's heap and RSS (peaks are kept), and of its lateness summary while loaded. */
    void sample() {
        PromText agent = scrape(HollowNodesBenchmark.AGENT);
        heapPeak = Math.max(heapPeak, agent.sum(HEAP, s -> "heap".equals(s.label("area"))));
        if (loadStart != 0) {
            latenessP99Worst = Math.max(latenessP99Worst, agent.sum(LATENESS_METRIC, s -> "0.99".equals(s.label("quantile"))));
            latenessMaxWorst = Math.max(latenessMaxWorst, agent.max(LATENESS_METRIC + "_max"));
        }
        rssPeak = Math.max(rssPeak, ProcStats.rssBytes(cluster.pid(HollowNodesBenchmark.AGENT)));
    }

    /** The end of a progress line: the agent's memory. */
    String progressTail() {
        long pid = cluster.pid(HollowNodesBenchmark.AGENT);
        return String.format(Locale.ROOT, "| agent heap %s (peak %s) rss %s", Report.mib(lastHeap),
                Report.mib(heapPeak), Report.mib(ProcStats.rssBytes(pid)));
    }

    private PromText scrape(String service) {
        String text = http.metrics(cluster.url(service));
        PromText p = text == null ? PromText.empty() : PromText.parse(text);
        if (service.equals(HollowNodesBenchmark.AGENT) && text != null) {
            lastHeap = p.sum(HEAP, s -> "heap".equals(s.label("area")));
        }
        return p;
    }

    /**
     * A service was started again during the load (--backlog restarts the scheduler): its CPU is read from the
     * new process from now on. The stopped one counted 0 at the start, so the load figure is the new one's total.
     */
    void restarted(String service) {
        pids.put(service, cluster.pid(service));
    }

    private Map<String, Double> cpu() {
        Map<String, Double> m = new LinkedHashMap<>();
        // the services are children of this JVM: only PostgreSQL's backends are counted with their parent
        pids.forEach((name, pid) -> m.put(name, ProcStats.cpuSeconds(pid, name.equals("postgresql"))));
        return m;
    }

    /**
     * What fills the agent's heap: the top of {@code jcmd PID GC.class_histogram} (live objects, after a full GC),
     * into {@code file}. Best effort.
     */
    void agentHeapHistogram(Path file) {
        jcmd(cluster.pid(HollowNodesBenchmark.AGENT), "GC.class_histogram", ProcessBuilder.Redirect.to(file.toFile()));
    }

    /** jcmd PID GC.run (a full collection); false when jcmd is missing or fails. */
    private static boolean fullGc(long pid) {
        return jcmd(pid, "GC.run", ProcessBuilder.Redirect.DISCARD);
    }

    private static boolean jcmd(long pid, String command, ProcessBuilder.Redirect output) {
        Path jcmd = Path.of(Processes.javaBin()).resolveSibling("jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .redirectOutput(output).start();
            boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            Thread.sleep(500);
            return ok;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Report report(PodCreator creator, boolean allRunning) {
        return new ReportBuilder(this, creator, allRunning).build();
    }

    // ---- read by ReportBuilder ----
    HollowNodesOptions options() {
        return o;
    }

    double nodesReadySeconds() {
        return nodesReadySeconds;
    }

    double loadSeconds() {
        return (loadEnd - loadStart) / 1e9;
    }

    double settleSeconds() {
        return (settleEnd - loadEnd) / 1e9;
    }

    long podChangesAtLoadEnd() {
        return podChangesAtLoadEnd;
    }

    RequestCounts requestsDuringLoad() {
        return RequestCounts.between(apiAtStart, apiAtLoadEnd);
    }

    RequestCounts requestsWhileHolding() {
        return RequestCounts.between(apiAtLoadEnd, apiAtEnd);
    }

    PromText apiAtStart() {
        return apiAtStart;
    }

    PromText apiAtLoadEnd() {
        return apiAtLoadEnd;
    }

    PromText agentAtStart() {
        return agentAtStart;
    }

    PromText agentAtEnd() {
        return agentAtEnd;
    }

    Map<String, Double> cpuDuringLoad() {
        return diff(cpuAtStart, cpuAtLoadEnd);
    }

    Map<String, Double> cpuWhileHolding() {
        return diff(cpuAtLoadEnd, cpuAtEnd);
    }

    private static Map<String, Double> diff(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (a != null && b != null) {
            b.forEach((k, v) -> m.put(k, v - a.getOrDefault(k, 0.0)));
        }
        return m;
    }

    /** The highest p99 (and max) the agent's lateness summary showed in any sample while loaded; 0 if none. */
    double latenessP99Worst() {
        return latenessP99Worst;
    }

    double latenessMaxWorst() {
        return latenessMaxWorst;
    }

    double heapPeak() {
        return heapPeak;
    }

    double heapAfterGc() {
        return heapAfterGc;
    }

    long rssPeak() {
        return Math.max(rssPeak, ProcStats.peakRssBytes(cluster.pid(HollowNodesBenchmark.AGENT)));
    }

    long rssEnd() {
        return rssEnd;
    }

    Histogram[] podLatencies() {
        return pods.latencies();
    }
}
