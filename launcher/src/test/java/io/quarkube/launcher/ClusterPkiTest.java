package io.quarkube.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.quarkube.infra.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster CA and the api-server's serving certificate in {@code <data>/pki}. */
class ClusterPkiTest {
    @TempDir
    Path data;

    @Test
    void makesACaAndAServingCertificateThatATlsClientAccepts() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        assertNotNull(pki.ensure());
        assertEquals(data.resolve("pki/ca.crt"), pki.caCert());
        X509Certificate ca = Certificates.readCertificate(pki.caCert());
        X509Certificate server = Certificates.readCertificate(pki.serverCert());

        // What a TLS client trusting only ca.crt does with the server's chain.
        trustOnly(ca).checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA");
        assertEquals(Set.of("IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1", "DNS:localhost", "DNS:quarkube-api-server",
                "DNS:api-server"), ClusterPki.names(server));
        assertEquals(0, ca.getBasicConstraints(), "a CA that signs end-entity certificates only");
        assertEquals(-1, server.getBasicConstraints(), "the serving certificate is no CA");
        assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertValidFor(ca, Duration.ofDays(3650));
        assertValidFor(server, Duration.ofDays(365));

        for (Path key : new Path[] {pki.caKey(), pki.serverKey()}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key.toString());
            assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"), key.toString());
        }
        // The key on disk is the certificate's own key.
        Certificates.Issued read = Certificates.read(pki.serverCert(), pki.serverKey());
        var sig = java.security.Signature.getInstance("SHA256withECDSA");
        sig.initSign(read.key());
        sig.update(new byte[] {1, 2, 3});
        byte[] signature = sig.sign();
        sig.initVerify(server.getPublicKey());
        sig.update(new byte[] {1, 2, 3});
        assertTrue(sig.verify(signature));
    }

    @Test
    void aSecondStartReusesEverything() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        byte[] ca = Files.readAllBytes(pki.caCert());
        byte[] server = Files.readAllBytes(pki.serverCert());
        byte[] key = Files.readAllBytes(pki.serverKey());

        assertNull(ClusterPki.in(data).ensure(), "nothing to do");
        assertArrayEquals(ca, Files.readAllBytes(pki.caCert()));
        assertArrayEquals(server, Files.readAllBytes(pki.serverCert()));
        assertArrayEquals(key, Files.readAllBytes(pki.serverKey()));
    }

    @Test
    void aServingCertificateThatIsMissingOrExpiresSoonIsRemadeUnderTheSameCa() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        byte[] ca = Files.readAllBytes(pki.caCert());
        Certificates.Issued caPair = Certificates.read(pki.caCert(), pki.caKey());

        Certificates.write(Certificates.newServerCert(caPair, "old", ClusterPki.DNS_NAMES, ClusterPki.IP_ADDRESSES,
                Duration.ofDays(20)), pki.serverCert(), pki.serverKey());
        assertEquals("issued the api-server's serving certificate in " + pki.caCert().getParent(), pki.ensure());
        X509Certificate renewed = Certificates.readCertificate(pki.serverCert());
        assertValidFor(renewed, Duration.ofDays(365));
        assertArrayEquals(ca, Files.readAllBytes(pki.caCert()), "the CA stays");
        trustOnly(caPair.cert()).checkServerTrusted(new X509Certificate[] {renewed}, "ECDHE_ECDSA");

        Files.delete(pki.serverKey());
        assertNotNull(pki.ensure());
        assertTrue(Files.exists(pki.serverKey()));
        assertArrayEquals(ca, Files.readAllBytes(pki.caCert()));
    }

    @Test
    void aServingCertificateOfAnotherCaIsRemade() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        Certificates.Issued other = Certificates.newCa("other", Duration.ofDays(10));
        Certificates.write(Certificates.newServerCert(other, "x", ClusterPki.DNS_NAMES, ClusterPki.IP_ADDRESSES,
                Duration.ofDays(365)), pki.serverCert(), pki.serverKey());
        X509Certificate ca = Certificates.readCertificate(pki.caCert());
        assertThrows(CertificateException.class, () -> trustOnly(ca).checkServerTrusted(
                new X509Certificate[] {Certificates.readCertificate(pki.serverCert())}, "ECDHE_ECDSA"));

        assertNotNull(pki.ensure());
        trustOnly(ca).checkServerTrusted(new X509Certificate[] {Certificates.readCertificate(pki.serverCert())},
                "ECDHE_ECDSA");
    }

    @Test
    void aDamagedCaStopsStartupWithWhatToDo() throws Exception {
        ClusterPki pki = ClusterPki.in(data);
        pki.ensure();
        Files.writeString(pki.caCert(), "garbage");
        var e = assertThrows(io.quarkube.infra.StartupException.class, pki::ensure);
        assertTrue(e.getMessage().startsWith("the cluster CA in " + pki.caCert().getParent() + " is damaged ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("): delete that directory to make a new one"), e.getMessage());
        assertFalse(Files.readString(pki.caCert()).contains("BEGIN"), "a damaged CA is never silently replaced");
    }

    private static void assertValidFor(X509Certificate cert, Duration validity) {
        Instant expected = Instant.now().plus(validity);
        Instant notAfter = cert.getNotAfter().toInstant();
        assertTrue(Duration.between(notAfter, expected).abs().toMinutes() < 5, "not after " + notAfter);
        assertTrue(cert.getNotBefore().toInstant().isBefore(Instant.now()));
    }

    private static X509TrustManager trustOnly(X509Certificate ca) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}
