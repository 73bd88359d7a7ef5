package io.quarkube.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before starting anything, so a clash gives one clear line instead of a stack trace. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("cannot find a free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** True if nothing listens on the port (checked on the wildcard address, which clashes with any bind). */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Throws a {@link StartupException} like "port 6443 needed by the api-server is already in use: stop
     * whatever uses it, or set QUARKUBE_API_PORT to another port".
     *
     * @param what           who needs it, as it reads after "needed by", e.g. "the api-server", "PostgreSQL"
     * @param envVarToChange the variable that moves this port, or null if there is none
     */
    public static void requireFree(int port, String what, String envVarToChange) {
        if (port < 1 || port > 65535) {
            throw new StartupException("port " + port + " for " + what + " is not a valid port (1-65535)"
                    + (envVarToChange == null ? "" : ": set " + envVarToChange + " to a valid port"));
        }
        if (!isFree(port)) {
            throw new StartupException("port " + port + " needed by " + what + " is already in use: "
                    + "stop whatever uses it" + (envVarToChange == null ? "" : ", or set " + envVarToChange
                            + " to another port"));
        }
    }
}
