package io.quarkube.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.quarkube.infra.Certificates;
import io.quarkube.infra.StartupException;

/**
 * {@code <data>/pki}: the cluster CA and the api-server's serving certificate, as kube-apiserver has them.
 * Made once and kept, so a kubeconfig handed out earlier stays valid; the serving certificate is made anew
 * when it is missing, expires within 30 days, is not signed by the CA, or lacks one of the names.
 */
public record ClusterPki(Path caCert, Path caKey, Path serverCert, Path serverKey) {
    /** Names the api-server answers to: loopback, and its docker-compose host names. */
    public static final List<String> DNS_NAMES = List.of("localhost", "quarkube-api-server", "api-server");
    public static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    public static ClusterPki in(Path dataDir) {
        Path dir = dataDir.resolve("pki");
        return new ClusterPki(dir.resolve("ca.crt"), dir.resolve("ca.key"), dir.resolve("apiserver.crt"),
                dir.resolve("apiserver.key"));
    }

    /** Makes whatever is missing or due; returns what it did, for a progress line (null if nothing). */
    public String ensure() {
        try {
            String did = null;
            Certificates.Issued ca;
            if (Files.exists(caCert) && Files.exists(caKey)) {
                ca = readCa();
            } else {
                ca = Certificates.newCa("quarkube-ca", CA_VALIDITY);
                Certificates.write(ca, caCert, caKey);
                did = "created the cluster CA";
            }
            if (!serverCertUsable(ca.cert())) {
                Certificates.Issued server = Certificates.newServerCert(ca, "quarkube-api-server", DNS_NAMES,
                        IP_ADDRESSES, SERVER_VALIDITY);
                Certificates.write(server, serverCert, serverKey);
                did = (did == null ? "" : did + " and ") + "issued the api-server's serving certificate";
            }
            return did == null ? null : did + " in " + caCert.getParent();
        } catch (IOException e) {
            throw new StartupException("cannot write the certificates in " + caCert.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    private Certificates.Issued readCa() {
        try {
            Certificates.Issued ca = Certificates.read(caCert, caKey);
            if (expiresSoon(ca.cert())) {
                throw new StartupException("the cluster CA " + caCert + " expires on " + ca.cert().getNotAfter()
                        + ": delete " + caCert.getParent() + " to make a new one (kubeconfigs handed out must then "
                        + "be replaced)");
            }
            return ca;
        } catch (IOException e) {
            throw new StartupException("the cluster CA in " + caCert.getParent() + " is damaged (" + e.getMessage()
                    + "): delete that directory to make a new one", e);
        }
    }

    private boolean serverCertUsable(X509Certificate ca) {
        if (!Files.exists(serverCert) || !Files.exists(serverKey)) {
            return false;
        }
        try {
            X509Certificate cert = Certificates.read(serverCert, serverKey).cert();
            return !expiresSoon(cert) && Certificates.signedBy(cert, ca) && names(cert).containsAll(wantedNames());
        } catch (IOException | CertificateParsingException e) {
            return false; // damaged: it is only ours to remake
        }
    }

    private static boolean expiresSoon(X509Certificate cert) {
        return cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
    }

    /** The subject alternative names as "DNS:x" / "IP:y" (IPs in the JDK's canonical text form). */
    static Set<String> names(X509Certificate cert) throws CertificateParsingException {
        Set<String> names = new HashSet<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == 2) {
                    names.add("DNS:" + san.get(1));
                } else if (type == 7) {
                    names.add("IP:" + canonicalIp((String) san.get(1)));
                }
            }
        }
        return names;
    }

    private static Set<String> wantedNames() {
        Set<String> names = new HashSet<>();
        DNS_NAMES.forEach(d -> names.add("DNS:" + d));
        IP_ADDRESSES.forEach(ip -> names.add("IP:" + canonicalIp(ip)));
        return names;
    }

    private static String canonicalIp(String literal) {
        try {
            return java.net.InetAddress.getByName(literal).getHostAddress(); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return literal;
        }
    }
}
