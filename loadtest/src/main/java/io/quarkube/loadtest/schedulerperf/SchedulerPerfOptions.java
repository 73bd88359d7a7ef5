package io.quarkube.loadtest.schedulerperf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code scheduler-perf}, parsed from the command line; {@link #USAGE} documents them. */
public final class SchedulerPerfOptions {
    public static final String USAGE = """
            usage: loadtest scheduler-perf [options]

            Runs the scheduler's real queue, cache (assume), filter and score plugins and binding threads in this
            JVM, as kube-scheduler's scheduler_perf does, with a binder that only counts and an informer thread
            that confirms each binding. No cluster is started. Per variant: one warm-up run, then the measured
            runs; prints pods/s of each and their median, and checks the placements (every pod bound once, no
            node over its allocatable, each variant's constraint held).

              --nodes N              nodes (default 5000)
              --pods N               pods to schedule per run (default 10000)
              --variants LIST        basic,node-affinity,taints,anti-affinity,topology-spread or all (default basic)
              --runs N               measured runs per variant (default 3)
              --warmup N             unmeasured runs first, so the JIT has compiled the hot path (default 1)
              --percentage P         percentageOfNodesToScore, 0 = Kubernetes' adaptive default (default 0)
              --bind-threads N       binding threads (default 16, the scheduler's default)
              --jfr FILE             record a JFR profile of the measured runs into FILE
              --timeout D            give up on a run after this long (default 10m)
              --help                 this text""";

    int nodes = 5000;
    int pods = 10000;
    final List<Workload> variants = new ArrayList<>(List.of(Workload.BASIC));
    int runs = 3;
    int warmup = 1;
    int percentage;
    int bindThreads = 16;
    Path jfr;
    Duration timeout = Duration.ofMinutes(10);
    public boolean help;

    public static SchedulerPerfOptions parse(List<String> args) {
        SchedulerPerfOptions o = new SchedulerPerfOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                o.help = true;
                continue;
            }
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(arg + " needs a value (see --help)");
            }
            switch (arg) {
                case "--nodes" -> o.nodes = positive(arg, value);
                case "--pods" -> o.pods = positive(arg, value);
                case "--runs" -> o.runs = positive(arg, value);
                case "--warmup" -> o.warmup = Integer.parseInt(value);
                case "--percentage" -> o.percentage = Integer.parseInt(value);
                case "--bind-threads" -> o.bindThreads = positive(arg, value);
                case "--jfr" -> o.jfr = Path.of(value);
                case "--timeout" -> o.timeout = Duration.parse("PT" + value.toUpperCase());
                case "--variants" -> {
                    o.variants.clear();
                    if (value.equals("all")) {
                        o.variants.addAll(List.of(Workload.values()));
                    } else {
                        for (String id : value.split(",")) {
                            o.variants.add(Workload.byId(id.trim()));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
            }
        }
        if (o.percentage < 0 || o.percentage > 100) {
            throw new IllegalArgumentException("--percentage must be 0..100");
        }
        return o;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, got " + value);
    }
}
