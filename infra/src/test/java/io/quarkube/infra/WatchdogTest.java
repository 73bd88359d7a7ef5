package io.quarkube.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void killsWatchedProcessesWhenTheJvmGoesAway() throws Exception {
        Process watched = sleeper();
        Process forgotten = sleeper();
        Watchdog w = Watchdog.start();
        w.watch(watched.pid());
        w.watch(forgotten.pid(), "INT");
        w.unwatch(forgotten.pid());
        w.trigger();
        assertTrue(Processes.awaitExit(watched.pid(), Duration.ofSeconds(5)), "watched process survived");
        assertTrue(forgotten.isAlive(), "unwatched process was killed");
        forgotten.destroyForcibly();
    }

    @Test
    void disarmedWatchdogKillsNothing() throws Exception {
        Process p = sleeper();
        Watchdog w = Watchdog.start();
        w.watch(p.pid());
        w.close();
        assertTrue(Processes.awaitExit(w.pid(), Duration.ofSeconds(5)));
        assertTrue(p.isAlive());
        p.destroyForcibly();
    }

    @Test
    void portInUseGivesOneClearLine() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = s.getLocalPort();
            assertFalse(Ports.isFree(port));
            var e = assertThrows(StartupException.class,
                    () -> Ports.requireFree(port, "the api-server", "QUARKUBE_API_PORT"));
            assertEquals("port " + port + " needed by the api-server is already in use: stop whatever uses it, "
                    + "or set QUARKUBE_API_PORT to another port", e.getMessage());
        }
    }

    private static Process sleeper() throws Exception {
        return new ProcessBuilder("sleep", "60").start();
    }
}
