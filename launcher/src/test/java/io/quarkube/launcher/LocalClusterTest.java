package io.quarkube.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.quarkube.infra.Certificates;
import io.quarkube.infra.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PostgreSQL and broker, with {@link FakeService} jars in place of the four services: start order,
 * environment, restart, kill and a clean stop, without needing the service modules built.
 */
class LocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void startsRestartsAndStopsEverything() throws Exception {
        Path root = dir.resolve("repo");
        for (String s : LocalCluster.SERVICES) {
            fakeJar(root.resolve(s).resolve("target/quarkus-app/quarkus-run.jar"));
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ClusterConfig config = ClusterConfig.forTests(root, dir.resolve("data")).nodes(2).runtime("simulated")
                .heapMb(LocalCluster.API_SERVER, 64).progress(l -> {
                    System.out.println(l);
                    lines.add(l);
                });
        List<Long> pids = new ArrayList<>();
        try (LocalCluster c = LocalCluster.start(config)) {
            assertTrue(c.apiServerUrl().startsWith("https://127.0.0.1:"), c.apiServerUrl());
            String api = get(c.apiServerUrl() + "/env", c.caFile());
            assertTrue(api.contains("QUARKUS_HTTP_SSL_CERTIFICATE_FILES=" + c.pki().serverCert() + "\n"), api);
            assertTrue(api.contains("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES=" + c.pki().serverKey() + "\n"), api);
            assertTrue(api.contains("QUARKUS_HTTP_INSECURE_REQUESTS=disabled\n"), api);
            assertTrue(api.contains("QUARKUS_DATASOURCE_JDBC_URL=" + c.jdbcUrl() + "\n"), api);
            assertTrue(api.contains("QUARKUBE_AUTH_TOKEN_FILE=" + c.tokensFile() + "\n"), api);
            assertTrue(api.contains("KAFKA_BOOTSTRAP_SERVERS=" + c.bootstrapServers() + "\n"), api);
            String kubelet = get(c.url(LocalCluster.KUBELET_AGENT) + "/env", null);
            assertTrue(kubelet.contains("QUARKUBE_API_SERVER_URL=" + c.apiServerUrl() + "\n"), kubelet);
            assertTrue(kubelet.contains("QUARKUBE_API_SERVER_CA_FILE=" + c.caFile() + "\n"), kubelet);
            assertTrue(kubelet.contains("QUARKUBE_API_SERVER_TOKEN=" + c.token("system:node:quarkube-agent")),
                    kubelet);
            assertTrue(kubelet.contains("QUARKUBE_KUBELET_NODE_COUNT=2\n"), kubelet);
            assertTrue(kubelet.contains("QUARKUBE_KUBELET_RUNTIME=simulated\n"), kubelet);
            assertTrue(kubelet.contains("QUARKUBE_KUBELET_STATIC_POD_PATH=" + c.dataDir().resolve("manifests") + "\n"),
                    kubelet);
            assertTrue(Files.isDirectory(c.dataDir().resolve("manifests")));
            assertTrue(Files.readString(c.kubeconfigPath()).contains(c.adminToken()));
            assertEquals(7, Files.readAllLines(c.dataDir().resolve("cluster.pid")).size());

            long before = c.pid(LocalCluster.API_SERVER);
            c.restart(LocalCluster.API_SERVER);
            assertNotEquals(before, c.pid(LocalCluster.API_SERVER));
            assertFalse(Processes.alive(before));

            long scheduler = c.pid(LocalCluster.SCHEDULER);
            c.kill(LocalCluster.SCHEDULER);
            assertFalse(Processes.alive(scheduler));
            c.restart(LocalCluster.SCHEDULER);
            assertTrue(c.isRunning(LocalCluster.SCHEDULER));

            LocalCluster.SERVICES.forEach(s -> pids.add(c.pid(s)));
            pids.add(c.brokerPid());
            pids.add(c.postgresPid());
        }
        for (long pid : pids) {
            assertFalse(Processes.alive(pid), "pid " + pid + " survived close()");
        }
        assertFalse(Files.exists(dir.resolve("data/cluster.pid")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("postgresql ready on 127.0.0.1:")), lines.toString());
    }

    /** A runnable jar holding FakeService, laid out where the launcher looks for quarkus-run.jar. */
    private static void fakeJar(Path jar) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry(entry));
            try (var in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(j);
            }
            j.closeEntry();
        }
    }

    /** GET over plain HTTP, or over HTTPS trusting only {@code ca}. */
    private static String get(String url, Path ca) throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder();
        if (ca != null) {
            b.sslContext(Certificates.trusting(ca));
        }
        return b.build().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
