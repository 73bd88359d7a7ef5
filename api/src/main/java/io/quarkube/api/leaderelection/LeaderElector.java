package io.quarkube.api.leaderelection;

import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Leader election over a lock object, following client-go's tools/leaderelection: candidates poll the record
 * every retryPeriod; the holder renews it every retryPeriod; a candidate takes the lease once it has seen the
 * record unchanged for the record's leaseDurationSeconds, measured on its OWN clock from when it observed the
 * last change (never from the remote renewTime), so clock skew between processes does not matter. Writes are
 * compare-and-swaps on the resourceVersion: of two candidates racing, one gets a 409 and stays a standby.
 *
 * <p>Unlike client-go, losing the lease does not end the elector: it calls onStoppedLeading and competes again,
 * so a component keeps running as a standby. {@link #close()} releases a held lease (holderIdentity "",
 * leaseDurationSeconds 1, as client-go's ReleaseOnCancel) so that a standby takes over within one retryPeriod.
 * See {@link LeaderElectionConfig} for timings and callbacks.
 */
public final class LeaderElector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElector.class);

    private final ResourceLock lock;
    private final LeaderElectionConfig config;
    private final Clock clock;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Object lifecycle = new Object();

    /** The record last read or written and the local time that happened (client-go's observedRecord/Time). */
    private volatile Observation observed = new Observation(null, Instant.MIN);
    private volatile boolean leading;
    private volatile Instant lastRenew = Instant.MIN; // start of the last successful acquire or renewal
    private String reportedLeader = "";
    private boolean failing; // in a streak of failed requests: only the first is logged as a warning
    private Thread thread;
    private boolean stopped;
    private volatile boolean releaseOnStop = true;

    /** An elector over the Lease {@code config.namespace()/config.name()}, written through {@code api}. */
    public LeaderElector(ApiClient api, LeaderElectionConfig config) {
        this(new LeaseLock(api, config.namespace(), config.name()), config, Clock.systemUTC());
    }

    public LeaderElector(ResourceLock lock, LeaderElectionConfig config, Clock clock) {
        this.lock = lock;
        this.config = config;
        this.clock = clock;
    }

    /** Starts competing on a daemon thread of its own. */
    public void start() {
        synchronized (lifecycle) {
            if (thread != null || stopped) {
                throw new IllegalStateException("leader elector " + lock.describe() + " already started or closed");
            }
            thread = new Thread(this::run, "leader-elector-" + config.name());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * True while this process holds the lease: it acquired or renewed it less than renewDeadline ago (so this
     * turns false on time even while a renewal request hangs), and no longer than until it observed a loss.
     */
    public boolean isLeader() {
        return leading && clock.instant().isBefore(lastRenew.plus(config.renewDeadline()));
    }

    /** The holder last observed, "" when none (not yet read, or released). */
    public String leader() {
        LeaderElectionRecord record = observed.record;
        return record == null ? "" : record.holderIdentity();
    }

    public String identity() {
        return config.identity();
    }

    /** Stops competing; if leading, calls onStoppedLeading and then releases the lease for a standby to take. */
    @Override
    public void close() {
        stop(true);
    }

    /**
     * Stops competing WITHOUT releasing the lease or calling back, as if the process had crashed: standbys take over
     * only after leaseDuration. For tests, and for a process that must not write to the API any more.
     */
    public void abandon() {
        stop(false);
    }

    private void stop(boolean graceful) {
        Thread running;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            releaseOnStop = graceful;
            running = thread;
        }
        stopSignal.countDown();
        if (running == null) {
            finish(graceful);
            return;
        }
        if (running == Thread.currentThread()) {
            return; // closed from a callback: the loop ends after this round
        }
        try {
            // a renewal in flight finishes first (bounded by the client's request timeout)
            running.join(config.leaseDuration().plus(config.renewDeadline()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.warnf("leader election %s: the elector thread did not stop in time", lock.describe());
        }
    }

    private void run() {
        LOG.infof("leader election %s: %s attempting to acquire the lease", lock.describe(), config.identity());
        try {
            Duration wait = Duration.ZERO;
            while (!stopSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    wait = step();
                } catch (RuntimeException e) { // a bug must not turn the component into a silent standby
                    LOG.errorf(e, "leader election %s: unexpected failure", lock.describe());
                    wait = config.retryPeriod();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish(releaseOnStop);
        }
    }

    /** One round: acquire or renew, then callbacks; answers how long to wait before the next round. */
    synchronized Duration step() {
        Instant start = clock.instant();
        if (leading && !start.isBefore(lastRenew.plus(config.renewDeadline()))) {
            stopLeading("could not renew the lease within " + config.renewDeadline().toMillis() + " ms");
        }
        boolean ok = tryAcquireOrRenew(start);
        Instant now = clock.instant();
        if (ok && !now.isBefore(start.plus(config.renewDeadline()))) {
            ok = false; // an answer that took renewDeadline came too late to lead on; the next round renews
        }
        reportTransition();
        if (ok) {
            lastRenew = start;
            if (!leading) {
                startLeading();
            }
            return config.retryPeriod();
        }
        if (leading) {
            if (!holdsLease()) {
                stopLeading("the lease is now held by " + leader());
            } else if (!now.isBefore(lastRenew.plus(config.renewDeadline()))) {
                stopLeading("could not renew the lease within " + config.renewDeadline().toMillis() + " ms");
            } else {
                return min(config.retryPeriod(), Duration.between(now, lastRenew.plus(config.renewDeadline())));
            }
        }
        return standbyWait(now);
    }

    /** client-go's tryAcquireOrRenew: true when this process holds the lease after the call. */
    private boolean tryAcquireOrRenew(Instant now) {
        LeaderElectionRecord desired = new LeaderElectionRecord(config.identity(), config.leaseDurationSeconds(),
                now, now, 0);
        Observation last = observed;
        // 1. fast path: the holder renews the version it wrote last, without reading first
        if (holdsLease() && isLeaseValid(last, now)) {
            LeaderElectionRecord renewed = new LeaderElectionRecord(config.identity(), config.leaseDurationSeconds(),
                    last.record.acquireTime(), now, last.record.leaderTransitions());
            try {
                lock.update(renewed);
                return succeeded(renewed);
            } catch (RuntimeException e) {
                LOG.debugf("leader election %s: optimistic renewal failed, reading the lease: %s",
                        lock.describe(), e.getMessage());
            }
        }
        // 2. read, or create when absent
        LeaderElectionRecord current;
        try {
            current = lock.get().orElse(null);
            if (current == null) {
                lock.create(desired);
                return succeeded(desired);
            }
        } catch (RuntimeException e) {
            return failed("could not read or create the lease", e);
        }
        // 3. the observation time moves only when the record changes
        if (!current.equals(last.record)) {
            observe(current);
        }
        if (current.isHeld() && isLeaseValid(observed, now) && !holdsLease()) {
            failing = false;
            return false; // held by another, not expired
        }
        // 4. take it over (a new transition) or renew it (keeping acquireTime and transitions)
        LeaderElectionRecord next = holdsLease()
                ? new LeaderElectionRecord(config.identity(), config.leaseDurationSeconds(), current.acquireTime(),
                        now, current.leaderTransitions())
                : new LeaderElectionRecord(config.identity(), config.leaseDurationSeconds(), now, now,
                        current.leaderTransitions() + 1);
        try {
            lock.update(next);
            return succeeded(next);
        } catch (RuntimeException e) {
            return failed("could not update the lease", e);
        }
    }

    /** client-go's release: holder "", leaseDurationSeconds 1, so that standbys need not wait the lease out. */
    private void release() {
        if (!holdsLease()) {
            return;
        }
        Instant now = clock.instant();
        LeaderElectionRecord released = new LeaderElectionRecord("", 1, now, now,
                observed.record.leaderTransitions());
        try {
            lock.update(released);
            observe(released);
            LOG.infof("leader election %s: released the lease", lock.describe());
        } catch (RuntimeException e) {
            LOG.warnf("leader election %s: could not release the lease: %s", lock.describe(), e.getMessage());
        }
    }

    private synchronized void finish(boolean graceful) {
        if (!graceful) {
            leading = false;
            return;
        }
        if (leading) {
            stopLeading("shutting down");
        }
        release();
    }

    private boolean succeeded(LeaderElectionRecord written) {
        observe(written);
        failing = false;
        return true;
    }

    private boolean failed(String what, RuntimeException e) {
        boolean lostRace = e instanceof ApiException api && api.isConflict();
        if (failing || lostRace) {
            LOG.debugf("leader election %s: %s: %s", lock.describe(), what, e.getMessage());
        } else {
            LOG.warnf("leader election %s: %s: %s", lock.describe(), what, e.getMessage());
        }
        failing |= !lostRace;
        return false;
    }

    private void observe(LeaderElectionRecord record) {
        observed = new Observation(record, clock.instant());
    }

    private boolean holdsLease() {
        return config.identity().equals(leader());
    }

    private static boolean isLeaseValid(Observation observation, Instant now) {
        return observation.record != null
                && observation.time.plusSeconds(observation.record.leaseDurationSeconds()).isAfter(now);
    }

    /** A standby looks again after retryPeriod, or just when the observed lease expires if that is sooner. */
    private Duration standbyWait(Instant now) {
        Observation last = observed;
        if (last.record != null && last.record.isHeld() && !holdsLease() && isLeaseValid(last, now)) {
            Duration untilExpiry = Duration.between(now,
                    last.time.plusSeconds(last.record.leaseDurationSeconds())).plusMillis(1);
            return min(config.retryPeriod(), untilExpiry);
        }
        return config.retryPeriod();
    }

    private void reportTransition() {
        String holder = leader();
        if (holder.equals(reportedLeader)) {
            return;
        }
        reportedLeader = holder;
        if (holder.isEmpty()) {
            return; // released: the next holder is reported when it appears
        }
        if (!holder.equals(config.identity())) {
            LOG.infof("leader election %s: new leader observed: %s", lock.describe(), holder);
        }
        callback("onNewLeader", () -> config.onNewLeader().accept(holder));
    }

    private void startLeading() {
        leading = true;
        LOG.infof("leader election %s: %s acquired the lease and is now the leader (transitions %d)",
                lock.describe(), config.identity(), observed.record.leaderTransitions());
        callback("onStartedLeading", config.onStartedLeading());
    }

    private void stopLeading(String reason) {
        leading = false;
        LOG.infof("leader election %s: %s stopped leading: %s", lock.describe(), config.identity(), reason);
        callback("onStoppedLeading", config.onStoppedLeading());
    }

    private void callback(String which, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "leader election %s: %s failed", lock.describe(), which);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Observation(LeaderElectionRecord record, Instant time) {
    }
}
