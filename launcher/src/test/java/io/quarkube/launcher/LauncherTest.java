package io.quarkube.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import io.quarkube.infra.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launcher pieces that need no service jars. */
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void tokensAreMadeOnceAndKubeconfigPointsAtTheApiServer() throws Exception {
        Path file = dir.resolve("tokens.csv");
        Map<String, String> first = Tokens.ensure(file, List.of("admin", "system:kube-scheduler"));
        Map<String, String> again = Tokens.ensure(file, List.of("admin", "system:kube-scheduler", "system:node:x"));
        assertEquals(first.get("admin"), again.get("admin"));
        assertEquals(3, Files.readAllLines(file).size());
        for (String line : Files.readAllLines(file)) {
            assertTrue(line.matches("[A-Za-z0-9_-]{43},[a-z:-]+,[0-9a-f-]{36}"), line);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Path kubeconfig = dir.resolve("kubeconfig");
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Tokens.writeKubeconfig(kubeconfig, "https://127.0.0.1:6443", ca, first.get("admin"));
        String yaml = Files.readString(kubeconfig);
        assertTrue(yaml.contains("    server: https://127.0.0.1:6443\n"), yaml);
        assertTrue(yaml.contains("    certificate-authority-data: "
                + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(ca)) + "\n"), yaml);
        assertTrue(yaml.contains("    token: " + first.get("admin") + "\n"), yaml);
        assertTrue(yaml.contains("current-context: quarkube\n"), yaml);
    }

    @Test
    void portInUseStopsStartupWithOneClearLine() throws Exception {
        ClusterPorts ports = ClusterPorts.freePorts();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", ports.apiServer()));
            var e = assertThrows(StartupException.class,
                    () -> LocalCluster.start(ClusterConfig.of(dir, dir.resolve("data")).ports(ports)
                            .progress(l -> { })));
            assertEquals("port " + ports.apiServer() + " needed by the api-server is already in use: stop whatever "
                    + "uses it, or set QUARKUBE_API_PORT to another port", e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("data/cluster.pid")));
    }

    @Test
    void unreachableDatabaseIsOneClearLine() {
        ClusterConfig c = ClusterConfig.forTests(dir, dir.resolve("data")).progress(l -> { })
                .externalDatabase("jdbc:postgresql://127.0.0.1:" + io.quarkube.infra.Ports.freePort() + "/x", "u", "p");
        var e = assertThrows(StartupException.class, () -> LocalCluster.start(c));
        assertTrue(e.getMessage().startsWith("cannot reach the database at jdbc:postgresql://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().endsWith(". Check QUARKUBE_DB_URL or unset it to use the embedded PostgreSQL"),
                e.getMessage());
    }

    @Test
    void environmentIsReadWithClearErrors() {
        ClusterConfig c = ClusterConfig.fromEnv(dir, Map.of("QUARKUBE_API_PORT", "7443", "QUARKUBE_NODES", "3",
                "QUARKUBE_HOME", dir.resolve("h").toString()));
        assertEquals(7443, c.ports().apiServer());
        assertEquals(ClusterPorts.defaults().postgres(), c.ports().postgres());
        assertEquals(3, c.nodes());
        assertEquals(dir.resolve("h"), c.dataDir());
        var e = assertThrows(StartupException.class,
                () -> ClusterConfig.fromEnv(dir, Map.of("QUARKUBE_PG_PORT", "abc")));
        assertEquals("QUARKUBE_PG_PORT must be a port number (1-65535), got 'abc'", e.getMessage());
    }

    @Test
    void notReadyNamesTheChecksThatAreDown() {
        String body = "{ \"status\": \"DOWN\", \"checks\": [ { \"name\": \"Database connections health check\", "
                + "\"status\": \"UP\" }, { \"name\": \"kafka-informer\", \"status\": \"DOWN\", \"data\": {} } ] }";
        assertEquals(" (DOWN: kafka-informer)", ServiceProcess.downChecks(body));
    }
}
