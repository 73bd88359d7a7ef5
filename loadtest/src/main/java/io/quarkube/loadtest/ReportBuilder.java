package io.quarkube.loadtest;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns the {@link Measurements} of one run into the {@link Report}: what each figure means is said here. */
final class ReportBuilder {
    private final Measurements m;
    private final PodCreator creator;
    private final boolean allRunning;
    private final HollowNodesOptions o;

    ReportBuilder(Measurements m, PodCreator creator, boolean allRunning) {
        this.m = m;
        this.creator = creator;
        this.allRunning = allRunning;
        this.o = m.options();
    }

    Report build() {
        Report r = new Report(String.format(Locale.ROOT, "hollow-nodes: %d nodes, %d pods%s", o.nodes, o.pods,
                allRunning ? "" : " (INCOMPLETE)"));
        r.value("nodes", o.nodes).value("pods", o.pods).value("namespaces", o.namespaces)
                .value("createConcurrency", o.concurrency).value("agentHeapMb", o.agentHeapMb)
                .value("durableCommits", o.durable).value("allRunning", allRunning)
                .value("cpus", Runtime.getRuntime().availableProcessors());
        r.line("machine", Runtime.getRuntime().availableProcessors() + " cpus, shared with whatever else runs "
                + "(figures are noisy)");
        r.line("nodes Ready", String.format(Locale.ROOT, "%d after %.1f s", o.nodes, m.nodesReadySeconds()));
        r.value("nodesReadySeconds", m.nodesReadySeconds());
        creation(r);
        running(r);
        heartbeats(r);
        memory(r);
        requests(r);
        cpu(r);
        return r;
    }

    private void creation(Report r) {
        double rate = m.pods().created() / creator.seconds();
        Map<String, Long> errors = creator.errors();
        r.line("pods created", String.format(Locale.ROOT, "%d in %.1f s = %s pods/s  (POST %s)", m.pods().created(),
                creator.seconds(), Report.num(rate), Report.spread(creator.latency(), 1e6)));
        r.detail("create errors (retried): " + (errors.isEmpty() ? "none" : errors) + ", failed for good: "
                + creator.failed());
        r.value("created", m.pods().created()).value("createSeconds", creator.seconds()).value("createRate", rate)
                .percentiles("createLatencySeconds", creator.latency(), 1e6).value("createErrors", errors);
    }

    private void running(Report r) {
        Histogram[] lat = m.podLatencies();
        double secs = m.loadSeconds();
        r.line("time to all Running", allRunning
                ? String.format(Locale.ROOT, "%.1f s after the first POST = %s pods/s end to end", secs,
                        Report.num(o.pods / secs))
                : String.format(Locale.ROOT, "NOT REACHED: %d of %d Running (%d scheduled) after %.1f s",
                        m.pods().running(), o.pods, m.pods().scheduled(), secs));
        r.line("pod startup", "created→Running " + Report.spread(lat[0], 1e6));
        r.detail("created→scheduled " + Report.spread(lat[1], 1e6));
        r.line("bindings", String.format(Locale.ROOT, "%d pods bound in %.1f s (first to last binding seen) = %s "
                        + "binds/s%s", m.pods().scheduled(), m.pods().bindingSeconds(),
                Report.num(m.pods().bindingRate()), o.backlog ? " (backlog: the scheduler started after all "
                        + "pods were created)" : " (while pods were being created)"));
        r.detail("scheduled→Running " + Report.spread(lat[2], 1e6));
        if (m.pods().leftRunning() > 0) {
            r.detail("WARNING: " + m.pods().leftRunning() + " updates showed a Running pod in another phase");
        }
        r.value("running", m.pods().running()).value("scheduled", m.pods().scheduled())
                .value("bindingRate", m.pods().bindingRate()).value("backlog", o.backlog)
                .value("timeToAllRunningSeconds", allRunning ? secs : null)
                .value("endToEndRate", allRunning ? o.pods / secs : null)
                .percentiles("podStartupSeconds", lat[0], 1e6).percentiles("createdToScheduledSeconds", lat[1], 1e6)
                .percentiles("scheduledToRunningSeconds", lat[2], 1e6);
    }

    private void heartbeats(Report r) {
        HeartbeatTracker hb = m.heartbeats();
        String interval = o.heartbeatInterval.toSeconds() + " s";
        TreeMap<Double, Double> buckets = m.agentAtEnd().bucketsSince(m.agentAtStart(),
                Measurements.LATENESS_METRIC);
        boolean metric = !buckets.isEmpty() && buckets.lastEntry().getValue() > 0;
        boolean summary = !metric && m.agentAtEnd().has(Measurements.LATENESS_METRIC + "_count");
        if (summary) {
            double count = m.agentAtEnd().sum(Measurements.LATENESS_METRIC + "_count")
                    - m.agentAtStart().sum(Measurements.LATENESS_METRIC + "_count");
            double mean = (m.agentAtEnd().sum(Measurements.LATENESS_METRIC + "_sum")
                    - m.agentAtStart().sum(Measurements.LATENESS_METRIC + "_sum")) / count;
            r.line("heartbeat lateness", String.format(Locale.ROOT, "p99 %s (worst sliding-window p99 seen), max %s,"
                            + " mean %s  (n=%.0f; agent metric %s)", Report.seconds(m.latenessP99Worst()),
                    Report.seconds(m.latenessMaxWorst()), Report.seconds(mean), count, Measurements.LATENESS_METRIC));
            r.value("heartbeatLatenessSource", "agent metric (summary)")
                    .value("heartbeatLatenessP99Seconds", m.latenessP99Worst())
                    .value("heartbeatLatenessMaxSeconds", m.latenessMaxWorst())
                    .value("heartbeatLatenessMeanSeconds", mean).value("heartbeatCount", count);
            metric = true;
        } else if (metric) {
            double p99 = PromText.quantile(0.99, buckets);
            double p50 = PromText.quantile(0.5, buckets);
            double max = m.agentAtEnd().max(Measurements.LATENESS_METRIC + "_max");
            r.line("heartbeat lateness", String.format(Locale.ROOT, "p50 %s  p99 %s  (n=%.0f; max %s recently; "
                    + "agent metric %s)", Report.seconds(p50), Report.seconds(p99), buckets.lastEntry().getValue(),
                    Report.seconds(max), Measurements.LATENESS_METRIC));
            r.value("heartbeatLatenessSource", "agent metric").value("heartbeatLatenessP99Seconds", p99)
                    .value("heartbeatLatenessP50Seconds", p50);
        }
        String source = hb.sawLeases() ? "Lease renewTime gaps" : "Node Ready lastHeartbeatTime gaps (1 s resolution)";
        String watched = Report.spread(hb.lateness(), 1e3) + "  (gap − " + interval + ", from " + source + ")";
        if (metric) {
            r.detail("seen through the watch: " + watched);
        } else {
            r.line("heartbeat lateness", watched);
            r.value("heartbeatLatenessSource", source)
                    .value("heartbeatLatenessP99Seconds", hb.lateness().getTotalCount() == 0 ? null
                            : hb.lateness().getValueAtPercentile(99) / 1e3);
        }
        r.percentiles("heartbeatLatenessWatchedSeconds", hb.lateness(), 1e3);
        if (hb.seenAfter().getTotalCount() > 0) {
            r.detail("lease renewTime → seen by a watch: " + Report.spread(hb.seenAfter(), 1e3));
            r.percentiles("leaseSeenAfterSeconds", hb.seenAfter(), 1e3);
        }
    }

    private void memory(Report r) {
        r.line("kubelet-agent memory", String.format(Locale.ROOT, "heap peak %s of -Xmx%dm, after full GC %s; "
                        + "RSS %s at end, peak %s", Report.mib(m.heapPeak()), o.agentHeapMb,
                Report.mib(m.heapAfterGc()), Report.mib(m.rssEnd()), Report.mib(m.rssPeak())));
        r.value("agentHeapPeakBytes", m.heapPeak()).value("agentHeapAfterGcBytes", m.heapAfterGc())
                .value("agentRssEndBytes", m.rssEnd()).value("agentRssPeakBytes", m.rssPeak());
    }

    private void requests(Report r) {
        RequestCounts load = m.requestsDuringLoad();
        long changes = m.podChangesAtLoadEnd();
        double total = load.total();
        r.line("api requests (load)", String.format(Locale.ROOT, "%s = %s per pod, %s per pod change "
                        + "(%d pod changes = %s per pod), %s/s", Report.count(total), Report.num(total / o.pods),
                Report.num(changes == 0 ? Double.NaN : total / changes), changes,
                Report.num((double) changes / o.pods), Report.num(total / m.loadSeconds())));
        if (!load.detailed()) {
            r.detail("(the api-server has no " + RequestCounts.METRIC + ": counts are by HTTP method and URI)");
        }
        Map<String, Double> byClient = new TreeMap<>();
        load.all().forEach((k, v) -> byClient.merge(k.split(" ")[0], v, Double::sum));
        r.detail("by client: " + byClient.entrySet().stream()
                .map(e -> e.getKey() + " " + Report.count(e.getValue()) + " (" + Report.num(e.getValue() / o.pods)
                        + "/pod)").collect(Collectors.joining(", ")));
        load.top(8).forEach((k, v) -> r.detail(String.format(Locale.ROOT, "%9s  %s%s", Report.count(v), k,
                serverLatency(k))));
        if (load.errors() > 0) {
            r.detail("error responses: " + Report.count(load.errors()));
        }
        r.value("apiRequestsDuringLoad", total).value("apiRequestsPerPod", total / o.pods)
                .value("podChanges", changes).value("apiRequestsPerPodChange", changes == 0 ? null : total / changes)
                .value("apiRequestsByKey", load.all());
        RequestCounts hold = m.requestsWhileHolding();
        if (m.settleSeconds() > 1) {
            r.line("api requests (holding)", String.format(Locale.ROOT, "%s in %.0f s = %s/s", Report.count(hold.total()),
                    m.settleSeconds(), Report.num(hold.total() / m.settleSeconds())));
            hold.top(4).forEach((k, v) -> r.detail(String.format(Locale.ROOT, "%9s  %s", Report.count(v), k)));
            r.value("apiRequestsPerSecondHolding", hold.total() / m.settleSeconds());
        }
    }

    /** "  (server p50 .. p99 ..)" of the requests of a "client verb resource[/sub] code" key, or "". */
    private String serverLatency(String key) {
        String[] k = key.split(" ");
        if (k.length < 4) {
            return "";
        }
        String[] res = k[2].split("/", 2);
        TreeMap<Double, Double> buckets = m.apiAtLoadEnd().bucketsSince(m.apiAtStart(), RequestCounts.DURATION,
                s -> s.label("verb").equals(k[1]) && s.label("resource").equals(res[0])
                        && s.label("subresource").equals(res.length > 1 ? res[1] : ""));
        if (buckets.isEmpty() || buckets.lastEntry().getValue() <= 0) {
            return "";
        }
        return "  (in the api-server: p50 " + Report.seconds(PromText.quantile(0.5, buckets)) + ", p99 "
                + Report.seconds(PromText.quantile(0.99, buckets)) + ")";
    }

    private void cpu(Report r) {
        Map<String, Double> load = m.cpuDuringLoad();
        double available = m.loadSeconds() * Runtime.getRuntime().availableProcessors();
        r.line("cpu seconds (load)", String.format(Locale.ROOT, "of %.0f available: ", available)
                + load.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
        r.value("cpuSecondsDuringLoad", load).value("cpuSecondsWhileHolding", m.cpuWhileHolding());
    }
}
