package io.quarkube.kubelet.prober;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A tcpSocket probe: success if a connection opens within the timeout (nothing is sent). */
public final class TcpCheck {

    private TcpCheck() {
    }

    public static ProbeOutcome probe(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ProbeOutcome.success("");
        } catch (IOException e) {
            return ProbeOutcome.failure(dialError(host, port, e));
        }
    }

    /** Go's wording for a failed dial, which is what users of Kubernetes recognise in probe events. */
    static String dialError(String host, int port, IOException e) {
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String cause = e instanceof SocketTimeoutException ? "i/o timeout"
                : "connect: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().replaceFirst(" \\(.*\\)$", "").toLowerCase(java.util.Locale.ROOT));
        return "dial tcp " + address + ": " + cause;
    }
}
