package io.quarkube.kubelet.prober;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** httpGet and tcpSocket checks against servers in this JVM. */
class NetworkChecksTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void statusCodesFrom200To399PassOthersFailWithTheKubeletsMessage() throws IOException {
        int port = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));

        assertEquals(ProbeResult.SUCCESS, probe(port, "/code/200").result());
        assertEquals(ProbeResult.SUCCESS, probe(port, "/code/302").result(), "redirects are not followed");
        ProbeOutcome failed = probe(port, "/code/500");
        assertEquals(ProbeResult.FAILURE, failed.result());
        assertEquals("HTTP probe failed with statuscode: 500", failed.output());
        assertEquals(ProbeResult.FAILURE, probe(port, "/code/404").result());
    }

    @Test
    void theRequestCarriesTheKubeletsUserAgentAndTheActionsHeaders() throws IOException {
        int port = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));

        HttpCheck.Response response = HttpCheck.get("HTTP", "127.0.0.1", port, "code/200",
                List.of(new HTTPHeader("X-Custom", "yes"), new HTTPHeader("Host", "example.com")), TIMEOUT,
                "kube-probe/1.32");

        assertEquals(200, response.statusCode());
        assertEquals("kube-probe/1.32", seen.get("User-agent"));
        assertEquals("yes", seen.get("X-custom"));
        assertEquals("example.com", seen.get("Host"));
        assertEquals("/code/200", seen.get("path"), "a path without a leading slash gets one");
    }

    @Test
    void aSlowServerTimesOutAndAClosedPortIsRefused() throws IOException {
        int port = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));

        HttpCheck.Response slow = HttpCheck.get(null, "127.0.0.1", port, "/slow", null, Duration.ofMillis(300), "t");
        int closed = freePort();
        ProbeOutcome refused = TcpCheck.probe("127.0.0.1", closed, TIMEOUT);

        assertEquals("Get \"http://127.0.0.1:" + port + "/slow\": context deadline exceeded (Client.Timeout "
                + "exceeded while awaiting headers)", slow.error());
        assertEquals(ProbeResult.FAILURE, refused.result());
        assertEquals("dial tcp 127.0.0.1:" + closed + ": connect: connection refused", refused.output());
        assertEquals(ProbeResult.SUCCESS, TcpCheck.probe("127.0.0.1", port, TIMEOUT).result());
    }

    @Test
    void httpsSkipsCertificateVerification(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=not-this-host", "-validity", "1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret")
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        int port = serve(https);

        HttpCheck.Response response = HttpCheck.get("HTTPS", "127.0.0.1", port, "/code/204", null, Duration.ofSeconds(5),
                "kube-probe/1.32");

        assertEquals(204, response.statusCode(), String.valueOf(response.error()));
    }

    private ProbeOutcome probe(int port, String path) {
        HttpCheck.Response response = HttpCheck.get("HTTP", "127.0.0.1", port, path, null, TIMEOUT, "kube-probe/1.32");
        int code = response.statusCode();
        return code >= 200 && code < 400 ? ProbeOutcome.success("")
                : ProbeOutcome.failure("HTTP probe failed with statuscode: " + code);
    }

    private int serve(HttpServer http) {
        server = http;
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        seen.put("path", path);
        exchange.getRequestHeaders().forEach((name, values) -> seen.put(name, values.get(0)));
        if (path.equals("/slow")) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int code = path.startsWith("/code/") ? Integer.parseInt(path.substring(6)) : 200;
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
