package io.quarkube.controllermanager.controller;

import io.quarkube.api.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationsTest {
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2025-01-01T00:10:00Z"));
    private final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));

    @Test
    void unknownKeyIsSatisfied() {
        assertTrue(expectations.satisfied("default/web"));
    }

    @Test
    void creationsMustAllBeObserved() {
        expectations.expectCreations("default/web", 2);
        assertFalse(expectations.satisfied("default/web"));
        expectations.creationObserved("default/web");
        assertFalse(expectations.satisfied("default/web"));
        expectations.creationObserved("default/web");
        assertTrue(expectations.satisfied("default/web"));
    }

    @Test
    void deletionsAreTrackedByUidSoARepeatedEventCountsOnce() {
        expectations.expectDeletions("default/web", List.of("u1", "u2"));
        expectations.deletionObserved("default/web", "u1");
        expectations.deletionObserved("default/web", "u1");
        expectations.deletionObserved("default/web", "u-other");
        assertFalse(expectations.satisfied("default/web"));
        expectations.deletionObserved("default/web", "u2");
        assertTrue(expectations.satisfied("default/web"));
    }

    @Test
    void expiresAfterTheTtl() {
        expectations.expectCreations("default/web", 1);
        clock.advance(Duration.ofMinutes(5));
        assertFalse(expectations.satisfied("default/web"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(expectations.satisfied("default/web"));
    }

    @Test
    void lowerAndDelete() {
        expectations.expectCreations("default/web", 3);
        expectations.lowerCreations("default/web", 3);
        assertTrue(expectations.satisfied("default/web"));
        expectations.expectCreations("default/web", 3);
        expectations.delete("default/web");
        assertTrue(expectations.satisfied("default/web"));
    }
}
