package io.quarkube.launcher;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.TreeMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Stands in for a Quarkus service jar: ready at once, and shows the environment the launcher gave it. Like
 * Quarkus, it serves HTTPS only on QUARKUS_HTTP_SSL_PORT when given PEM certificate and key files. Runs from a
 * jar holding only this class, so it reads the PEM files with the JDK alone.
 */
public final class FakeService {
    private static final char[] PASSWORD = "fake".toCharArray();

    public static void main(String[] args) throws Exception {
        String host = System.getenv().getOrDefault("QUARKUS_HTTP_HOST", "127.0.0.1");
        String certFile = System.getenv("QUARKUS_HTTP_SSL_CERTIFICATE_FILES");
        HttpServer http;
        if (certFile != null) {
            int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_SSL_PORT"));
            HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 16);
            https.setHttpsConfigurator(new HttpsConfigurator(
                    tls(Path.of(certFile), Path.of(System.getenv("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES")))));
            http = https;
        } else {
            int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
            http = HttpServer.create(new InetSocketAddress(host, port), 16);
        }
        http.createContext("/q/health/ready", x -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.createContext("/env", x -> {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(System.getenv()).forEach((k, v) -> {
                if (k.startsWith("QUARKUS_") || k.startsWith("QUARKUBE_") || k.startsWith("KAFKA_")) {
                    sb.append(k).append('=').append(v).append('\n');
                }
            });
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.start();
        System.out.println("fake service listening on " + http.getAddress());
    }

    private static SSLContext tls(Path certFile, Path keyFile) throws Exception {
        Certificate cert;
        try (var in = Files.newInputStream(certFile)) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "");
        PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, PASSWORD, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
