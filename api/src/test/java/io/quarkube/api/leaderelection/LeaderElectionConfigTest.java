package io.quarkube.api.leaderelection;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderElectionConfigTest {

    @Test
    void defaultsFailOverACrashedLeaderWithinFifteenSeconds() {
        LeaderElectionConfig config = LeaderElectionConfig.builder("kube-scheduler").build();
        assertEquals("kube-system", config.namespace());
        assertEquals("kube-scheduler", config.name());
        assertEquals(Duration.ofSeconds(12), config.leaseDuration());
        assertEquals(Duration.ofSeconds(8), config.renewDeadline());
        assertEquals(Duration.ofSeconds(2), config.retryPeriod());
        assertTrue(config.leaseDuration().plus(config.retryPeriod()).compareTo(Duration.ofSeconds(15)) <= 0);
        assertEquals(12, config.leaseDurationSeconds());
    }

    @Test
    void defaultIdentityIsTheHostnameAndAUniqueSuffix() {
        String first = LeaderElectionConfig.builder("x").build().identity();
        String second = LeaderElectionConfig.builder("x").build().identity();
        assertTrue(first.matches(".+_[0-9a-f-]{36}"), first);
        assertNotEquals(first, second, "two processes on one host are two candidates");
    }

    @Test
    void rejectsTimingsThatCouldMakeTwoLeaders() {
        LeaderElectionConfig.Builder b = LeaderElectionConfig.builder("x");
        assertThrows(IllegalArgumentException.class,
                () -> b.leaseDuration(Duration.ofSeconds(8)).renewDeadline(Duration.ofSeconds(8)).build());
        assertThrows(IllegalArgumentException.class, () -> LeaderElectionConfig.builder("x")
                .renewDeadline(Duration.ofSeconds(2)).retryPeriod(Duration.ofSeconds(2)).build());
        assertThrows(IllegalArgumentException.class, () -> LeaderElectionConfig.builder("x")
                .leaseDuration(Duration.ofMillis(12500)).build());
        assertThrows(IllegalArgumentException.class, () -> LeaderElectionConfig.builder("x")
                .retryPeriod(Duration.ZERO).build());
    }
}
