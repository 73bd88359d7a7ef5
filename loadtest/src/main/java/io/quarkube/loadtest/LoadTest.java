package io.quarkube.loadtest;

import io.quarkube.infra.StartupException;
import io.quarkube.loadtest.schedulerperf.SchedulerPerfBenchmark;
import io.quarkube.loadtest.schedulerperf.SchedulerPerfOptions;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar loadtest/target/quarkube-loadtest.jar <benchmark> [options]} (or {@code ./quarkube bench ...}).
 * Errors are one line on stderr and exit code 1 (2 for a wrong command line).
 */
public final class LoadTest {
    static final String USAGE = """
            usage: quarkube-loadtest <benchmark> [options]     (./quarkube bench <benchmark> [options])
              hollow-nodes   one kubelet-agent with N hollow nodes, P pods: time to all Running, heartbeat
                             lateness, agent heap and RSS, api requests per pod (issue 4's benchmark)
              scheduler-perf the scheduler's queue, plugins and binding threads in-process on N nodes and
                             P pods, as kube-scheduler's scheduler_perf: pods/s per variant (issue 5's)
            <benchmark> --help shows its options.""";

    private LoadTest() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    private static int schedulerPerf(List<String> args) {
        SchedulerPerfOptions options;
        try {
            options = SchedulerPerfOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadtest: " + e.getMessage());
            return 2;
        }
        if (options.help) {
            System.out.println(SchedulerPerfOptions.USAGE);
            return 0;
        }
        // "scheduler started" per run is noise here; the reference keeps the level from being collected
        java.util.logging.Logger schedulerLog = java.util.logging.Logger.getLogger("io.quarkube.scheduler");
        schedulerLog.setLevel(java.util.logging.Level.WARNING);
        try {
            return new SchedulerPerfBenchmark(options).run();
        } catch (Exception e) {
            System.err.println("loadtest: scheduler-perf failed: " + e.getMessage());
            return 1;
        }
    }

    static int run(List<String> args) {
        if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
            System.out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String benchmark = args.get(0);
        if (benchmark.equals("scheduler-perf")) {
            return schedulerPerf(args.subList(1, args.size()));
        }
        if (!benchmark.equals("hollow-nodes")) {
            System.err.println("loadtest: unknown benchmark '" + benchmark + "'\n" + USAGE);
            return 2;
        }
        HollowNodesOptions options;
        try {
            options = HollowNodesOptions.parse(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            System.err.println("loadtest: " + e.getMessage());
            return 2;
        }
        if (options.help) {
            System.out.println(HollowNodesOptions.USAGE);
            return 0;
        }
        try {
            Path repo = options.repo != null ? options.repo.toAbsolutePath().normalize() : repoRoot();
            return new HollowNodesBenchmark(options, repo).run();
        } catch (StartupException e) {
            System.err.println("loadtest: " + e.getMessage());
            if (e.details() != null && !e.details().isBlank()) {
                System.err.println("---- last lines ----\n" + e.details());
            }
            return 1;
        } catch (InterruptedException e) {
            return 130;
        } catch (RuntimeException e) {
            System.err.println("loadtest: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /**
     * The checkout holding the built services: -Dquarkube.root, else the directory two levels above this jar
     * (loadtest/target/quarkube-loadtest.jar), else the working directory.
     */
    static Path repoRoot() {
        String prop = System.getProperty("quarkube.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(LoadTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("api-server")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
