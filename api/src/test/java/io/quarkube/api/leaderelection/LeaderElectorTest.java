package io.quarkube.api.leaderelection;

import io.quarkube.api.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The election logic, round by round, against an in-memory lease and a clock that moves only when told. */
class LeaderElectorTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final Duration RETRY = Duration.ofMillis(250);

    private final MutableClock clock = new MutableClock();
    private final FakeLease lease = new FakeLease();

    /** An elector that records its callbacks as "started", "stopped" and "leader:<identity>". */
    private final class Candidate {
        final List<String> calls = new ArrayList<>();
        final LeaderElector elector;

        Candidate(String identity) {
            this(identity, RETRY);
        }

        Candidate(String identity, Duration retryPeriod) {
            LeaderElectionConfig config = LeaderElectionConfig.builder("test").identity(identity)
                    .leaseDuration(LEASE).renewDeadline(DEADLINE).retryPeriod(retryPeriod)
                    .onStartedLeading(() -> calls.add("started"))
                    .onStoppedLeading(() -> calls.add("stopped"))
                    .onNewLeader(holder -> calls.add("leader:" + holder))
                    .build();
            elector = new LeaderElector(lease.lock(), config, clock);
        }

        Duration step() {
            return elector.step();
        }
    }

    private LeaderElectionRecord heldBy(String holder, Instant renewTime) {
        return new LeaderElectionRecord(holder, 2, renewTime, renewTime, 3);
    }

    @Test
    void createsTheLeaseWhenAbsentAndLeads() {
        Candidate a = new Candidate("a");
        assertFalse(a.elector.isLeader());

        assertEquals(RETRY, a.step());

        assertTrue(a.elector.isLeader());
        assertEquals(List.of("leader:a", "started"), a.calls);
        assertEquals("a", lease.record.holderIdentity());
        assertEquals(2, lease.record.leaseDurationSeconds());
        assertEquals(0, lease.record.leaderTransitions());
        assertEquals(clock.instant(), lease.record.acquireTime());
    }

    @Test
    void waitsWhileAnotherHolderRenewsAndMeasuresExpiryFromItsOwnObservation() {
        // the remote renewTime is a year old (clock skew): only changes of the record count
        lease.put(heldBy("other", clock.instant().minus(Duration.ofDays(365))));
        Candidate b = new Candidate("b");

        b.step();
        assertFalse(b.elector.isLeader());
        assertEquals("other", b.elector.leader());
        assertEquals(List.of("leader:other"), b.calls);

        clock.advance(Duration.ofMillis(1900));
        b.step();
        assertFalse(b.elector.isLeader(), "1.9 s of 2 s observed unchanged: still held");

        lease.put(heldBy("other", clock.instant().minus(Duration.ofDays(365)).plusSeconds(1))); // a renewal
        clock.advance(Duration.ofMillis(100));
        b.step(); // observes the change at 2.0 s: the lease now lasts until 4.0 s
        clock.advance(Duration.ofMillis(1900));
        b.step();
        assertFalse(b.elector.isLeader(), "renewed 1.9 s ago as observed locally");

        clock.advance(Duration.ofMillis(100));
        b.step();
        assertTrue(b.elector.isLeader(), "unchanged for a full leaseDuration: taken over");
        assertEquals("b", lease.record.holderIdentity());
        assertEquals(4, lease.record.leaderTransitions(), "a change of holder is a transition");
        assertEquals(List.of("leader:other", "leader:b", "started"), b.calls);
    }

    @Test
    void aStandbyLooksAgainJustWhenTheObservedLeaseExpires() {
        lease.put(heldBy("other", clock.instant()));
        Duration retry = Duration.ofMillis(300); // 2 s is no multiple of it: polling alone would take over at 2.1 s
        Candidate b = new Candidate("b", retry);
        Instant observedAt = clock.instant();
        while (!b.elector.isLeader()) {
            Duration wait = b.step();
            assertTrue(wait.compareTo(retry) <= 0, "never waits longer than retryPeriod: " + wait);
            if (!b.elector.isLeader()) {
                clock.advance(wait);
            }
        }
        Duration takeover = Duration.between(observedAt, clock.instant());
        assertTrue(takeover.compareTo(LEASE) >= 0 && takeover.compareTo(LEASE.plusMillis(10)) < 0,
                "took over " + takeover + " after first observing the lease");
    }

    @Test
    void theLeaderRenewsEveryRetryPeriodKeepingAcquireTimeAndTransitions() {
        Candidate a = new Candidate("a");
        a.step();
        Instant acquired = lease.record.acquireTime();
        for (int i = 0; i < 20; i++) { // 5 s, well past leaseDuration
            clock.advance(RETRY);
            assertEquals(RETRY, a.step());
            assertTrue(a.elector.isLeader());
            assertEquals(clock.instant(), lease.record.renewTime());
        }
        assertEquals(acquired, lease.record.acquireTime());
        assertEquals(0, lease.record.leaderTransitions());
        assertEquals(List.of("leader:a", "started"), a.calls, "renewals call nothing back");
        assertEquals(21, lease.writes, "the holder renews without reading first");

        Candidate b = new Candidate("b");
        for (int i = 0; i < 20; i++) {
            b.step();
            a.step();
            clock.advance(RETRY);
        }
        assertFalse(b.elector.isLeader(), "a renewed lease is never taken over");
    }

    @Test
    void stopsLeadingAfterRenewDeadlineOfFailuresAndCompetesAgain() {
        Candidate a = new Candidate("a");
        a.step();
        Instant renewed = clock.instant();
        lease.unreachable = true;
        while (a.calls.size() < 3) {
            clock.advance(a.step());
            if (clock.instant().isBefore(renewed.plus(DEADLINE))) {
                assertTrue(a.elector.isLeader());
            }
        }
        assertEquals(List.of("leader:a", "started", "stopped"), a.calls);
        assertFalse(a.elector.isLeader());
        Duration failingFor = Duration.between(renewed, clock.instant());
        assertTrue(failingFor.compareTo(DEADLINE) >= 0 && failingFor.compareTo(DEADLINE.plus(RETRY)) <= 0,
                "stopped after " + failingFor);

        lease.unreachable = false;
        a.step();
        assertTrue(a.elector.isLeader(), "still the holder on record: renews and leads again");
        assertEquals(List.of("leader:a", "started", "stopped", "started"), a.calls);
        assertEquals(0, lease.record.leaderTransitions(), "the same holder again is no transition");
    }

    @Test
    void isLeaderTurnsFalseAtTheRenewDeadlineEvenWithoutARound() {
        Candidate a = new Candidate("a");
        a.step();
        clock.advance(DEADLINE.minusMillis(1));
        assertTrue(a.elector.isLeader());
        clock.advance(Duration.ofMillis(1)); // e.g. a renewal request hangs
        assertFalse(a.elector.isLeader());
    }

    @Test
    void stopsLeadingAtOnceWhenTheLeaseWasTakenOver() {
        Candidate a = new Candidate("a");
        a.step();
        lease.put(heldBy("b", clock.instant())); // a took too long a pause; b took over

        clock.advance(RETRY);
        a.step();

        assertFalse(a.elector.isLeader());
        assertEquals("b", a.elector.leader());
        assertEquals(List.of("leader:a", "started", "leader:b", "stopped"), a.calls);
        assertEquals("b", lease.record.holderIdentity(), "the new holder's record is left alone");
    }

    @Test
    void ofTwoCandidatesRacingForAnExpiredLeaseOnlyOneWins() {
        lease.put(heldBy("gone", clock.instant()));
        Candidate a = new Candidate("a");
        Candidate b = new Candidate("b");
        a.step();
        b.step();
        clock.advance(LEASE);
        // b reads the expired lease, but a writes it between b's read and b's update: b gets a 409
        lease.beforeNextUpdate = a::step;
        b.step();

        assertTrue(a.elector.isLeader());
        assertFalse(b.elector.isLeader());
        assertEquals("a", lease.record.holderIdentity());
        assertEquals(4, lease.record.leaderTransitions());
        b.step();
        assertFalse(b.elector.isLeader(), "a's fresh lease is respected after the lost race");
        assertEquals(List.of("leader:gone", "leader:a"), b.calls);
    }

    @Test
    void closeStopsLeadingThenReleasesSoAStandbyTakesOverAtOnce() {
        Candidate a = new Candidate("a");
        a.step();
        Candidate b = new Candidate("b");
        b.step();
        a.elector.close();

        assertFalse(a.elector.isLeader());
        assertEquals(List.of("leader:a", "started", "stopped"), a.calls);
        assertEquals("", lease.record.holderIdentity(), "released");
        assertEquals(1, lease.record.leaseDurationSeconds());
        assertEquals(0, lease.record.leaderTransitions());

        clock.advance(RETRY); // well within a's leaseDuration
        b.step();
        assertTrue(b.elector.isLeader(), "a released lease is taken without waiting it out");
        assertEquals(1, lease.record.leaderTransitions());

        b.elector.close();
        Candidate c = new Candidate("c");
        c.step();
        assertTrue(c.elector.isLeader());
        assertEquals(2, lease.record.leaderTransitions(), "every change of holder counts");
    }

    @Test
    void onStoppedLeadingRunsWhileTheLeaseIsStillHeld() {
        List<String> holderSeen = new ArrayList<>();
        LeaderElectionConfig config = LeaderElectionConfig.builder("test").identity("a")
                .leaseDuration(LEASE).renewDeadline(DEADLINE).retryPeriod(RETRY)
                .onStoppedLeading(() -> holderSeen.add(lease.record.holderIdentity())).build();
        LeaderElector a = new LeaderElector(lease.lock(), config, clock);
        a.step();
        a.close();
        assertEquals(List.of("a"), holderSeen, "work stops before another process may start it");
        assertEquals("", lease.record.holderIdentity());
    }

    @Test
    void abandonLeavesTheLeaseToExpire() {
        Candidate a = new Candidate("a");
        a.step();
        Candidate b = new Candidate("b");
        b.step();

        a.elector.abandon();

        assertFalse(a.elector.isLeader());
        assertEquals(List.of("leader:a", "started"), a.calls, "a crash calls nothing back");
        assertEquals("a", lease.record.holderIdentity());
        assertEquals(2, lease.record.leaseDurationSeconds());
        clock.advance(LEASE.minusMillis(1));
        b.step();
        assertFalse(b.elector.isLeader());
        clock.advance(Duration.ofMillis(1));
        b.step();
        assertTrue(b.elector.isLeader());
    }

    @Test
    void closingAStandbyLeavesTheLeaderAlone() {
        Candidate a = new Candidate("a");
        a.step();
        Candidate b = new Candidate("b");
        b.step();
        int writes = lease.writes;
        b.elector.close();
        assertEquals(writes, lease.writes);
        assertEquals("a", lease.record.holderIdentity());
        assertEquals(List.of("leader:a"), b.calls);
    }
}
