package io.quarkube.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The options of {@code hollow-nodes}, parsed from the command line; {@link #USAGE} documents them. */
final class HollowNodesOptions {
    static final String USAGE = """
            usage: loadtest hollow-nodes [options]

            Starts a fresh local cluster (PostgreSQL, Kafka, api-server, scheduler, controller-manager and one
            kubelet-agent serving N hollow nodes with the simulated runtime), waits until every node is Ready,
            creates the pods through the api-server, and reports: time until all pods are Running, creation
            throughput, heartbeat lateness, the agent's heap and RSS, api requests per pod and per pod change.
            The cluster is stopped at the end (unless --keep).

              --nodes N                hollow nodes in the one agent (default 1000)
              --pods N                 pods to create (default 30000)
              --namespace-count N      namespaces the pods are spread over (default 10)
              --create-concurrency N   POSTs in flight at once (default 16)
              --create-qps Q           cap creation at Q pods/s (default 0: as fast as responses come)
              --agent-heap SIZE        the kubelet-agent's -Xmx, e.g. 1g or 768m (default 1g)
              --heap SERVICE=SIZE      -Xmx of another service (api-server, scheduler, controller-manager)
              --env SERVICE:NAME=VALUE an extra environment variable for a service (repeatable)
              --heartbeat-interval D   the agent's heartbeat/lease renew interval, to compute lateness (default 10s)
              --settle D               after all pods run, keep measuring heartbeats and heap this long (default 30s)
              --timeout D              give up if the pods are not all Running after this long (default 30m)
              --no-fsync               PostgreSQL without fsync/synchronous_commit (default: durable commits)
              --backlog                stop the scheduler while the pods are created, then start it: the
                                       bindings line measures binds/s from a backlog of pending pods
              --jfr SERVICE[,SERVICE]  record a JFR profile of these services into <data-dir>/jfr/
              --data-dir DIR           where the cluster's data and logs go (default .quarkube/bench/<time>)
              --repo DIR               the quarkube checkout holding the built services (default: found from the jar)
              --keep                   leave the cluster running after the report (Ctrl-C stops it)
              --help                   this text
            Durations: 300ms, 10s, 5m, 1h. Sizes: 512m, 1g.""";

    int nodes = 1000;
    int pods = 30000;
    int namespaces = 10;
    int concurrency = 16;
    double qps;
    int agentHeapMb = 1024;
    final Map<String, Integer> heapMb = new LinkedHashMap<>();
    final List<String[]> env = new ArrayList<>();
    Duration heartbeatInterval = Duration.ofSeconds(10);
    Duration settle = Duration.ofSeconds(30);
    Duration timeout = Duration.ofMinutes(30);
    boolean durable = true;
    boolean backlog;
    final List<String> jfr = new ArrayList<>();
    Path dataDir;
    Path repo;
    boolean keep;
    boolean help;

    static HollowNodesOptions parse(List<String> args) {
        HollowNodesOptions o = new HollowNodesOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0 && !arg.startsWith("--heap") && !arg.startsWith("--env")) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> o.help = true;
                case "--keep" -> o.keep = true;
                case "--no-fsync" -> o.durable = false;
                case "--backlog" -> o.backlog = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(arg + " needs a value (see --help)");
                        }
                        value = args.get(++i);
                    }
                    o.set(arg, value);
                }
            }
        }
        return o.validated();
    }

    private void set(String option, String value) {
        switch (option) {
            case "--nodes" -> nodes = positive(option, value);
            case "--pods" -> pods = positive(option, value);
            case "--namespace-count" -> namespaces = positive(option, value);
            case "--create-concurrency" -> concurrency = positive(option, value);
            case "--create-qps" -> qps = number(option, value);
            case "--agent-heap" -> agentHeapMb = sizeMb(option, value);
            case "--heap" -> {
                String[] kv = split(option, value, '=');
                heapMb.put(kv[0], sizeMb(option, kv[1]));
            }
            case "--env" -> {
                String[] svc = split(option, value, ':');
                String[] kv = split(option, svc[1], '=');
                env.add(new String[] {svc[0], kv[0], kv[1]});
            }
            case "--heartbeat-interval" -> heartbeatInterval = duration(option, value);
            case "--settle" -> settle = duration(option, value);
            case "--timeout" -> timeout = duration(option, value);
            case "--jfr" -> jfr.addAll(List.of(value.split(",")));
            case "--data-dir" -> dataDir = Path.of(value);
            case "--repo" -> repo = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option + " (see --help)");
        }
    }

    private HollowNodesOptions validated() {
        if (namespaces > pods) {
            namespaces = pods;
        }
        return this;
    }

    /** The default data directory: a new one per run under the repo's .quarkube/ (ignored by git). */
    Path dataDirIn(Path repoRoot) {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return repoRoot.resolve(".quarkube").resolve("bench").resolve("hollow-nodes-" + stamp);
    }

    private static String[] split(String option, String value, char sep) {
        int at = value.indexOf(sep);
        if (at <= 0 || at == value.length() - 1) {
            throw new IllegalArgumentException(option + " wants A" + sep + "B, got '" + value + "'");
        }
        return new String[] {value.substring(0, at), value.substring(at + 1)};
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim().replace("_", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number of 1 or more, got '" + value + "'");
        }
    }

    private static double number(String option, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number of 0 or more, got '" + value + "'");
        }
    }

    /** 512m, 1g, 1024 (MiB) → MiB. */
    static int sizeMb(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("g")) {
                return Math.toIntExact(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1024));
            }
            return Integer.parseInt(v.endsWith("m") ? v.substring(0, v.length() - 1) : v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a size such as 512m or 1g, got '" + value + "'");
        }
    }

    /** 300ms, 10s, 5m, 1h. */
    static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 300ms, 10s or 5m, got '"
                    + value + "'");
        }
    }
}
