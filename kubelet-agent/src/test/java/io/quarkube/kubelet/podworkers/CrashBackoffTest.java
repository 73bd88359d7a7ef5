package io.quarkube.kubelet.podworkers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CrashBackoffTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void firstRestartIsImmediateThenTenSecondsDoublingUpToFiveMinutes() {
        CrashBackoff backoff = new CrashBackoff();
        List<Long> delays = new ArrayList<>();
        Instant exit = T0;
        for (int i = 0; i < 9; i++) {
            Instant restart = backoff.restartAt(exit);
            delays.add(Duration.between(exit, restart).toSeconds());
            exit = restart.plusSeconds(1); // crashes one second after each restart
        }
        assertEquals(List.of(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L), delays);
    }

    @Test
    void tenMinutesOfCleanRunningStartsOver() {
        CrashBackoff backoff = new CrashBackoff();
        Instant exit = T0;
        for (int i = 0; i < 5; i++) {
            exit = backoff.restartAt(exit).plusSeconds(1);
        }
        Instant late = exit.plus(Duration.ofMinutes(11));

        assertEquals(late, backoff.restartAt(late), "restart at once, as after a first crash");
        Instant next = late.plusSeconds(5);
        assertEquals(next.plusSeconds(10), backoff.restartAt(next));
    }
}
