package io.quarkube.launcher;

import java.nio.file.Path;

import io.quarkube.infra.StartupException;

/** {@code ./quarkube up|down|status}. The repo root comes from -Dquarkube.root (set by the script). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        Path root = Path.of(System.getProperty("quarkube.root", "")).toAbsolutePath();
        try {
            ClusterConfig config = ClusterConfig.fromEnv(root, System.getenv());
            switch (command) {
                case "up" -> up(config);
                case "down" -> System.exit(ClusterState.down(config.dataDir(), System.out::println));
                case "status" -> System.exit(ClusterState.status(config.dataDir(), System.out::println));
                case "help", "-h", "--help" -> usage(0);
                default -> {
                    System.err.println("quarkube: unknown command '" + command + "'");
                    usage(2);
                }
            }
        } catch (StartupException e) {
            fail(e.getMessage(), e.details(), null);
        } catch (RuntimeException e) {
            fail(e.toString(), null, e);
        }
    }

    private static void up(ClusterConfig config) {
        System.out.println("starting quarkube (data: " + config.dataDir() + ")");
        LocalCluster cluster = LocalCluster.start(config);
        String token = config.dataDir().resolve("tokens.csv").toString();
        System.out.println();
        System.out.printf("quarkube is up in %.1fs%n", cluster.elapsedSeconds());
        System.out.println("  api-server:  " + cluster.apiServerUrl());
        System.out.println("  kubectl:     export KUBECONFIG=" + cluster.kubeconfigPath());
        System.out.println("               kubectl get nodes");
        System.out.println("  curl:        curl --cacert " + cluster.caFile() + " -H \"Authorization: Bearer "
                + "$(grep ',admin,' " + token + " | cut -d, -f1)\" " + cluster.apiServerUrl()
                + "/api/v1/namespaces/default/pods");
        System.out.println("  logs:        " + config.dataDir().resolve("logs"));
        System.out.println("Ctrl-C or ./quarkube down to stop.");
        watch(cluster);
    }

    /** Runs until shutdown; reports a service that dies on its own (no restart: the user should look). */
    private static void watch(LocalCluster cluster) {
        boolean[] reported = new boolean[LocalCluster.SERVICES.size()];
        while (!shuttingDown()) {
            for (int i = 0; i < reported.length; i++) {
                String s = LocalCluster.SERVICES.get(i);
                Integer code = cluster.exitCode(s);
                if (code != null && !reported[i] && !shuttingDown()) {
                    reported[i] = true;
                    System.out.printf("[%5.1fs] %s exited unexpectedly (exit code %d): see %s%n",
                            cluster.elapsedSeconds(), s, code, cluster.logFile(s));
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void fail(String message, String details, Throwable trace) {
        if (shuttingDown()) {
            return; // Ctrl-C during startup: the shutdown hook is stopping what was started
        }
        System.err.println("quarkube: " + message);
        if (details != null && !details.isBlank()) {
            System.err.println("---- last lines ----");
            System.err.println(details);
        }
        if (trace != null) {
            trace.printStackTrace();
        }
        System.exit(1);
    }

    /** True once the JVM runs its shutdown hooks (Ctrl-C, SIGTERM from ./quarkube down). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static void usage(int code) {
        System.out.println("""
                usage: ./quarkube <command>
                  up      build if needed, start the local cluster in the foreground (Ctrl-C stops it)
                  down    stop a cluster started from another terminal
                  status  show what runs
                  build   rebuild everything (./mvnw -DskipTests install)
                  bench   run a benchmark on a fresh cluster of its own: bench hollow-nodes --help
                settings (environment): QUARKUBE_HOME, QUARKUBE_NODES, QUARKUBE_RUNTIME (process|simulated),
                  QUARKUBE_DB_URL/_USER/_PASSWORD, QUARKUBE_KAFKA_BOOTSTRAP, QUARKUBE_*_PORT""");
        System.exit(code);
    }
}
