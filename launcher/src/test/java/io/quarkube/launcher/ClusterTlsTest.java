package io.quarkube.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Node;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.infra.Certificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The components' {@link ApiClient}, given the launcher's {@code pki/ca.crt}, against a small HTTPS server
 * serving {@code pki/apiserver.crt}: what the scheduler, controller-manager and kubelet-agent do in the cluster.
 */
class ClusterTlsTest {
    private static final String NODE = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}";

    @TempDir
    Path data;
    private HttpsServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theClientTalksToAServerWithTheClusterCertificate() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        String url = serve(Certificates.read(pki.serverCert(), pki.serverKey()));

        ApiClient api = new ApiClient(url, "secret", pki.caCert());
        Node node = api.get(Resources.NODES, null, "n1").orElseThrow();
        assertEquals("n1", node.getMetadata().getName());
        assertEquals("Bearer secret", authorization.get(), "the token goes over TLS");
    }

    @Test
    void theClientRefusesAServerWhoseCertificateAnotherCaSigned() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        Certificates.Issued other = Certificates.newCa("someone-else", Duration.ofDays(1));
        String url = serve(Certificates.newServerCert(other, "api", ClusterPki.DNS_NAMES, ClusterPki.IP_ADDRESSES,
                Duration.ofDays(1)));

        ApiClient api = new ApiClient(url, "secret", pki.caCert());
        var e = assertThrows(UncheckedIOException.class, () -> api.get(Resources.NODES, null, "n1"));
        assertTrue(e.getMessage().startsWith("GET /api/v1/nodes/n1 failed: the TLS handshake with " + url
                + " failed (is its certificate signed by the CA in " + pki.caCert() + " and made for this host name?): "),
                e.getMessage());
        assertNull(authorization.get(), "no token was sent to an untrusted server");
    }

    @Test
    void theClientRefusesACertificateNotMadeForTheHostName() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        Certificates.Issued ca = Certificates.read(pki.caCert(), pki.caKey());
        String url = serve(Certificates.newServerCert(ca, "api", List.of("elsewhere.example"), List.of("10.9.9.9"),
                Duration.ofDays(1)));

        var e = assertThrows(UncheckedIOException.class,
                () -> new ApiClient(url, "secret", pki.caCert()).get(Resources.NODES, null, "n1"));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        assertNull(authorization.get());
    }

    @Test
    void aMissingCaFileIsNamed() {
        Path missing = data.resolve("nope.crt");
        var e = assertThrows(UncheckedIOException.class, () -> new ApiClient("https://127.0.0.1:1", "t", missing));
        assertTrue(e.getMessage().startsWith("cannot read the CA file " + missing), e.getMessage());
    }

    /** Starts an HTTPS server with this certificate that answers one Node; returns https://127.0.0.1:port. */
    private String serve(Certificates.Issued cert) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", cert.key(), password, new Certificate[] {cert.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api/v1/nodes/n1", x -> {
            authorization.set(x.getRequestHeaders().getFirst("Authorization"));
            byte[] body = NODE.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }
}
