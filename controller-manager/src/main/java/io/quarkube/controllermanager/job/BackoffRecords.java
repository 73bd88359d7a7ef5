package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per Job, the failures since the last success and when the last one happened (backoff_utils.go), so that
 * replacement pods are created after 10 s, 20 s, 40 s ... up to the cap. In memory, as in Kubernetes: a
 * restarted controller-manager starts counting again.
 */
final class BackoffRecords {
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
    /** The documented cap ("capped at six minutes"). */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(6);

    record Record(String key, int failuresAfterLastSuccess, Instant lastFailureTime) {
        /** How long creations must still wait: base * 2^(failures-1), capped, minus the time since the failure. */
        Duration remaining(Clock clock, Duration base, Duration max) {
            if (failuresAfterLastSuccess == 0 || lastFailureTime == null) {
                return Duration.ZERO;
            }
            Duration backoff = base;
            for (int i = 1; i < failuresAfterLastSuccess; i++) {
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(max) >= 0) {
                    backoff = max;
                    break;
                }
            }
            Duration elapsed = Duration.between(lastFailureTime, clock.instant());
            return backoff.compareTo(elapsed) < 0 ? Duration.ZERO : backoff.minus(elapsed);
        }
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();

    /** The record after the pods that finished since the last sync (not yet stored: see {@link #update}). */
    Record next(String key, List<Pod> newSucceeded, List<Pod> newFailed) {
        Record old = records.getOrDefault(key, new Record(key, 0, null));
        List<Pod> succeeded = new ArrayList<>(newSucceeded);
        List<Pod> failed = new ArrayList<>(newFailed);
        succeeded.sort(JobPods.byFinishedTime());
        failed.sort(JobPods.byFinishedTime());
        if (succeeded.isEmpty()) {
            if (failed.isEmpty()) {
                return old;
            }
            return new Record(key, old.failuresAfterLastSuccess() + failed.size(),
                    JobPods.finishedTime(failed.get(failed.size() - 1)));
        }
        // a success resets the count; only failures after the last success count
        Instant lastSuccess = JobPods.finishedTime(succeeded.get(succeeded.size() - 1));
        int failures = 0;
        Instant lastFailure = null;
        for (int i = failed.size() - 1; i >= 0; i--) {
            Instant failedAt = JobPods.finishedTime(failed.get(i));
            if (!failedAt.isAfter(lastSuccess)) {
                break;
            }
            if (lastFailure == null) {
                lastFailure = failedAt;
            }
            failures++;
        }
        return new Record(key, failures, lastFailure);
    }

    void update(Record record) {
        records.put(record.key(), record);
    }

    void remove(String key) {
        records.remove(key);
    }
}
