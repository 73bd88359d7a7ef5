package io.quarkube.e2e;

import io.quarkube.infra.Ports;
import io.quarkube.infra.Processes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's commands as a user types them: {@code ./quarkube up} in one terminal, curl against the
 * api-server, {@code ./quarkube down} from another; afterwards no java or postgres process of that cluster is
 * left.
 */
class QuarkubeCommandTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void upServesTheApiAndDownLeavesNothingRunning() throws Exception {
        Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "quarkube-home-")
                .toAbsolutePath();
        int apiPort = Ports.freePort();
        Map<String, String> env = Map.of("QUARKUBE_HOME", home.toString(),
                "QUARKUBE_API_PORT", Integer.toString(apiPort),
                "QUARKUBE_KUBELET_PORT", Integer.toString(Ports.freePort()),
                "QUARKUBE_SCHEDULER_PORT", Integer.toString(Ports.freePort()),
                "QUARKUBE_CONTROLLER_MANAGER_PORT", Integer.toString(Ports.freePort()),
                "QUARKUBE_PG_PORT", Integer.toString(Ports.freePort()),
                "QUARKUBE_KAFKA_PORT", Integer.toString(Ports.freePort()),
                "QUARKUBE_KAFKA_CONTROLLER_PORT", Integer.toString(Ports.freePort()));

        ProcessBuilder upCommand = new ProcessBuilder(ROOT.resolve("quarkube").toString(), "up")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        upCommand.environment().putAll(env);
        Process up = upCommand.start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(up, output, ready), "quarkube-up-output");
        reader.setDaemon(true);
        reader.start();
        try {
            assertTrue(ready.get(180, TimeUnit.SECONDS), "./quarkube up did not come up:\n" + String.join("\n", output));
            System.out.println("[quarkube up] " + output.stream().filter(l -> l.contains("quarkube is up"))
                    .findFirst().orElse(""));

            String token = Files.readAllLines(home.resolve("tokens.csv")).stream()
                    .filter(l -> l.contains(",admin,")).findFirst().orElseThrow().split(",")[0];
            // As README's curl --cacert .quarkube/pki/ca.crt: HTTPS, trusting only the cluster CA.
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(home.resolve("pki/ca.crt"))).build();
            HttpResponse<String> nodes = https.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + apiPort + "/api/v1/nodes"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, nodes.statusCode());
            assertTrue(nodes.body().contains("\"NodeList\""), nodes.body());
            String kubeconfig = Files.readString(home.resolve("kubeconfig"));
            assertTrue(kubeconfig.contains("    server: https://127.0.0.1:" + apiPort + "\n"), kubeconfig);
            assertTrue(kubeconfig.contains("    certificate-authority-data: " + Base64.getEncoder()
                    .encodeToString(Files.readAllBytes(home.resolve("pki/ca.crt"))) + "\n"), kubeconfig);

            List<Long> pids = recordedPids(home);
            pids.add(postmasterPid(home));
            ProcessBuilder downCommand = new ProcessBuilder(ROOT.resolve("quarkube").toString(), "down")
                    .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            downCommand.environment().putAll(env);
            assertEquals(0, downCommand.start().waitFor(), "./quarkube down failed");
            assertTrue(up.waitFor(30, TimeUnit.SECONDS), "./quarkube up did not end after down");
            for (long pid : pids) {
                // a zombie waiting for init to reap it is not running
                assertFalse(Processes.alive(pid), "process " + pid + " is still running after ./quarkube down");
            }
        } finally {
            up.destroy();
        }
    }

    /** A TLS context whose only trust anchor is the CA certificate in this PEM file. */
    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Reads all the launcher prints (so it never blocks on a full pipe); completes when it says it is up. */
    private static void readOutput(Process up, List<String> output, CompletableFuture<Boolean> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(up.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.startsWith("quarkube is up")) {
                    ready.complete(true);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.complete(false);
    }

    private static List<Long> recordedPids(Path home) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("cluster.pid"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2) {
                pids.add(Long.parseLong(fields[1]));
            }
        }
        assertTrue(pids.size() >= 7, "launcher, postgres, kafka and four services: " + pids);
        return pids;
    }

    private static long postmasterPid(Path home) throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
    }
}
