package io.quarkube.api.leaderelection;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The election state kept in the lock object, as client-go's resourcelock.LeaderElectionRecord: for a Lease its
 * spec. An empty holderIdentity means nobody holds the lease (it was released). Times are in microseconds, the
 * precision of metav1.MicroTime, so that a record read back equals the one written.
 */
public record LeaderElectionRecord(String holderIdentity, int leaseDurationSeconds, Instant acquireTime,
                                   Instant renewTime, int leaderTransitions) {

    public LeaderElectionRecord {
        holderIdentity = holderIdentity == null ? "" : holderIdentity;
        acquireTime = micros(acquireTime);
        renewTime = micros(renewTime);
    }

    public boolean isHeld() {
        return !holderIdentity.isEmpty();
    }

    private static Instant micros(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }
}
