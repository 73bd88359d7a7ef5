package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.launcher.ClusterConfig;
import io.quarkube.launcher.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One whole cluster per test JVM, started through the launcher's code (the code behind ./quarkube up) with
 * free ports and a fresh data directory under target/, stopped when the JVM exits.
 */
final class Cluster {
    static final int WATCH_HISTORY = 100;
    private static LocalCluster cluster;

    private Cluster() {
    }

    static synchronized LocalCluster get() {
        if (cluster == null) {
            Path repoRoot = Path.of("..").toAbsolutePath().normalize();
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "e2e-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // a short watch history, so that tests can outrun it and see 410 Gone
            cluster = LocalCluster.start(ClusterConfig.forTests(repoRoot, dataDir).nodes(2)
                    .env("api-server", "QUARKUBE_WATCH_HISTORY", Integer.toString(WATCH_HISTORY))
                    .progress(line -> System.out.println("[cluster] " + line)));
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "e2e-cluster-stop"));
        }
        return cluster;
    }

    static ApiClient admin() {
        LocalCluster c = get();
        return new ApiClient(c.apiServerUrl(), c.adminToken(), c.caFile());
    }

    /** Creates the namespace unless it exists (test classes share the one cluster). */
    static void ensureNamespace(String name) {
        try {
            admin().create(Resources.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .build());
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
    }
}
