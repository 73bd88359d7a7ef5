package io.quarkube.apiserver;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.leaderelection.LeaderElectionConfig;
import io.quarkube.api.leaderelection.LeaderElector;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two leader electors competing for a Lease in the real api-server, with short timings (lease 2 s, renew deadline
 * 1.5 s, retry 0.25 s). A sampler checks every few milliseconds that never both consider themselves leader.
 */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class LeaderElectionTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(250);

    @TestHTTPResource("/")
    URL base;

    private final String leaseName = "le-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> aCalls = new CopyOnWriteArrayList<>();
    private final List<String> bCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger bothLeading = new AtomicInteger();
    private volatile boolean sampling = true;
    private LeaderElector a;
    private LeaderElector b;
    private Thread sampler;

    private ApiClient api() {
        return new ApiClient(base.toString(), "test-admin-token");
    }

    private LeaderElector elector(String identity, List<String> calls) {
        return new LeaderElector(api(), LeaderElectionConfig.builder(leaseName).identity(identity)
                .leaseDuration(LEASE).renewDeadline(Duration.ofMillis(1500)).retryPeriod(RETRY)
                .onStartedLeading(() -> calls.add("started"))
                .onStoppedLeading(() -> calls.add("stopped"))
                .onNewLeader(holder -> calls.add("leader:" + holder))
                .build());
    }

    /** Starts both electors and the sampler; answers the leader once one leads, [leader, standby]. */
    private LeaderElector[] startBoth() throws InterruptedException {
        a = elector("a-" + leaseName, aCalls);
        b = elector("b-" + leaseName, bCalls);
        sampler = new Thread(() -> {
            while (sampling) {
                if (a.isLeader() && b.isLeader()) {
                    bothLeading.incrementAndGet();
                }
                LockSupport.parkNanos(500_000); // every half millisecond, without taking a core
            }
        });
        sampler.start();
        a.start();
        b.start();
        assertTrue(await(Duration.ofSeconds(10), () -> a.isLeader() || b.isLeader()), "someone leads");
        return a.isLeader() ? new LeaderElector[] {a, b} : new LeaderElector[] {b, a};
    }

    @AfterEach
    void stop() throws InterruptedException {
        sampling = false;
        if (sampler != null) {
            sampler.join();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void exactlyOneLeadsAndAGracefulStopHandsOverWithinARetryPeriod() throws Exception {
        LeaderElector[] pair = startBoth();
        LeaderElector leader = pair[0];
        LeaderElector standby = pair[1];
        Thread.sleep(3 * LEASE.toMillis()); // renewals keep the standby out well past leaseDuration
        assertTrue(leader.isLeader());
        assertFalse(standby.isLeader());
        assertEquals(leader.identity(), standby.leader());
        Lease held = lease();
        assertEquals(leader.identity(), held.getSpec().getHolderIdentity());
        assertEquals(2, held.getSpec().getLeaseDurationSeconds());
        assertEquals(0, held.getSpec().getLeaseTransitions());
        assertNotNull(held.getSpec().getAcquireTime());
        assertTrue(held.getSpec().getRenewTime().isAfter(held.getSpec().getAcquireTime()), "renewed");

        long stoppedAt = System.nanoTime();
        leader.close();
        assertFalse(leader.isLeader());
        assertTrue(await(Duration.ofSeconds(5), standby::isLeader), "the standby took over");
        Duration handover = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertTrue(handover.compareTo(Duration.ofSeconds(1)) < 0,
                "a released lease is taken within about retryPeriod, not leaseDuration: " + handover);
        Lease taken = lease();
        assertEquals(standby.identity(), taken.getSpec().getHolderIdentity());
        assertEquals(1, taken.getSpec().getLeaseTransitions());
        assertEquals(List.of("leader:" + leader.identity(), "started", "stopped"), calls(leader));
        assertEquals(List.of("leader:" + leader.identity(), "leader:" + standby.identity(), "started"),
                calls(standby));
        assertEquals(0, bothLeading.get(), "never two leaders at once");
    }

    @Test
    void aCrashedLeaderIsReplacedOnceItsLeaseRunsOut() throws Exception {
        LeaderElector[] pair = startBoth();
        LeaderElector leader = pair[0];
        LeaderElector standby = pair[1];
        Thread.sleep(LEASE.toMillis());

        long crashedAt = System.nanoTime();
        leader.abandon(); // no release: the lease still names the old leader
        assertEquals(leader.identity(), lease().getSpec().getHolderIdentity());
        assertTrue(await(Duration.ofSeconds(10), standby::isLeader), "the standby took over");
        Duration takeover = Duration.ofNanos(System.nanoTime() - crashedAt);

        // the standby saw the last renewal at most retryPeriod before the crash, and waits leaseDuration after that
        assertTrue(takeover.compareTo(LEASE.minus(RETRY).minusMillis(100)) >= 0, "waited the lease out: " + takeover);
        assertTrue(takeover.compareTo(LEASE.plus(RETRY).plusMillis(750)) <= 0, "took over promptly: " + takeover);
        Lease taken = lease();
        assertEquals(standby.identity(), taken.getSpec().getHolderIdentity());
        assertEquals(1, taken.getSpec().getLeaseTransitions());
        assertEquals(List.of("leader:" + leader.identity(), "started"), calls(leader), "a crash calls nothing back");
        assertEquals(0, bothLeading.get(), "never two leaders at once");
    }

    private List<String> calls(LeaderElector elector) {
        return elector == a ? aCalls : bCalls;
    }

    private Lease lease() {
        return api().get(Resources.LEASES, "kube-system", leaseName).orElseThrow();
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }
}
