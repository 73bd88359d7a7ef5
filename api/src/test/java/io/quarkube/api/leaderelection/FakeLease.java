package io.quarkube.api.leaderelection;

import io.quarkube.api.client.ApiException;

import java.util.Optional;

/** An in-memory lock object with a resourceVersion, shared by several electors through {@link #lock()}. */
final class FakeLease {
    LeaderElectionRecord record;
    long version;
    boolean unreachable;   // every request fails, as with the api-server down
    Runnable beforeNextUpdate; // lets a test slip a competing write in between read and update
    int writes;

    void put(LeaderElectionRecord value) {
        record = value;
        version++;
    }

    ResourceLock lock() {
        return new ResourceLock() {
            private long seen = -1;

            @Override
            public Optional<LeaderElectionRecord> get() {
                reachable();
                seen = version;
                return Optional.ofNullable(record);
            }

            @Override
            public void create(LeaderElectionRecord value) {
                reachable();
                if (record != null) {
                    throw new ApiException(409, null, "already exists");
                }
                write(value);
            }

            @Override
            public void update(LeaderElectionRecord value) {
                reachable();
                if (beforeNextUpdate != null) {
                    Runnable competitor = beforeNextUpdate;
                    beforeNextUpdate = null;
                    competitor.run();
                }
                if (seen != version) {
                    throw new ApiException(409, null, "the object has been modified");
                }
                write(value);
            }

            private void write(LeaderElectionRecord value) {
                put(value);
                writes++;
                seen = version;
            }

            private void reachable() {
                if (unreachable) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("connection refused"));
                }
            }

            @Override
            public String describe() {
                return "kube-system/test";
            }
        };
    }
}
