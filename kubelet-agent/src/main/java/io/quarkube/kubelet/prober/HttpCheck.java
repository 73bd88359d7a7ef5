package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.HTTPHeader;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP GET as the kubelet's probes and httpGet hooks send it: a fresh connection ("Connection: close"), the
 * kubelet's User-Agent and Accept unless the action's headers replace them, a Host header from the action's
 * headers if given, and for HTTPS no certificate verification. Only the status line is read; redirects are not
 * followed (a 3xx counts as it is). A plain socket keeps every part of the request under control.
 */
public final class HttpCheck {
    /** The Kubernetes version the agent speaks for in User-Agent headers (kube-probe/1.32). */
    public static final String KUBE_VERSION = "1.32";

    /** Either a status code or a transport error in Go's wording ({@code Get "url": ...}). */
    public record Response(int statusCode, String error) {
        public boolean received() {
            return error == null;
        }
    }

    private HttpCheck() {
    }

    public static Response get(String scheme, String host, int port, String path, List<HTTPHeader> headers,
                               Duration timeout, String userAgent) {
        boolean https = "HTTPS".equalsIgnoreCase(scheme);
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String target = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        String url = (https ? "https" : "http") + "://" + hostPort + target;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            Socket channel = https ? tls(socket, host, port, deadline) : socket;
            channel.setSoTimeout(remainingMillis(deadline));
            OutputStream out = channel.getOutputStream();
            out.write(request(target, hostPort, headers, userAgent).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new Response(statusCode(readLine(new BufferedInputStream(channel.getInputStream()))), null);
        } catch (SocketTimeoutException e) {
            return new Response(0, "Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while "
                    + "awaiting headers)");
        } catch (ConnectException e) {
            return new Response(0, "Get \"" + url + "\": " + TcpCheck.dialError(host, port, e));
        } catch (IOException | RuntimeException e) {
            return new Response(0, "Get \"" + url + "\": " + Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
    }

    private static String request(String target, String hostPort, List<HTTPHeader> headers, String userAgent) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("host", "Host: " + hostPort);
        fields.put("user-agent", "User-Agent: " + userAgent);
        fields.put("accept", "Accept: */*");
        for (HTTPHeader header : Objects.requireNonNullElse(headers, List.<HTTPHeader>of())) {
            if (header.getName() != null && !header.getName().isBlank()) {
                fields.put(header.getName().toLowerCase(Locale.ROOT), header.getName() + ": "
                        + Objects.requireNonNullElse(header.getValue(), ""));
            }
        }
        fields.put("connection", "Connection: close");
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        fields.values().forEach(line -> request.append(line).append("\r\n"));
        return request.append("\r\n").toString();
    }

    private static Socket tls(Socket socket, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) TrustAll.CONTEXT.getSocketFactory().createSocket(socket, host, port, true);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (line.length() > 8192) {
                throw new IOException("malformed HTTP response: status line too long");
            }
            line.append((char) b);
        }
        return line.toString().strip();
    }

    private static int statusCode(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("malformed HTTP response \"" + statusLine + "\"");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status code \"" + parts[1] + "\"");
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("timeout");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The kubelet's probe transport skips TLS verification (InsecureSkipVerify). */
    private static final class TrustAll {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            X509TrustManager trustAll = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trustAll}, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
