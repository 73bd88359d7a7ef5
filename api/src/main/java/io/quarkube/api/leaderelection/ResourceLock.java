package io.quarkube.api.leaderelection;

import java.util.Optional;

/**
 * The object a {@link LeaderElector} competes for (client-go's resourcelock.Interface). Implementations remember the
 * version they last read or wrote: {@link #update} is a compare-and-swap against it and fails when anyone else
 * wrote in between. Any failure is an exception; the elector treats them all as "not this round".
 */
public interface ResourceLock {

    /** The current record, or empty when the lock object does not exist. */
    Optional<LeaderElectionRecord> get();

    /** Creates the lock object; fails if it exists already. */
    void create(LeaderElectionRecord record);

    /** Replaces the record of the version last read or written; fails if it changed since (409) or was never read. */
    void update(LeaderElectionRecord record);

    /** "namespace/name", for log lines. */
    String describe();
}
