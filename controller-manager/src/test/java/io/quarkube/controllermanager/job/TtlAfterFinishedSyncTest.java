package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.json.Json;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.quarkube.controllermanager.job.JobFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TtlAfterFinishedSyncTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:10:00Z"));
    private final MapLister<Job> jobs = new MapLister<>();
    private Job fresh;
    private final List<DeleteOptions> deletions = new ArrayList<>();
    private final TtlAfterFinishedSync sync = new TtlAfterFinishedSync(jobs, new TtlAfterFinishedSync.JobApi() {
        @Override
        public Optional<Job> get(String namespace, String name) {
            return Optional.ofNullable(fresh);
        }

        @Override
        public void delete(String namespace, String name, DeleteOptions options) {
            deletions.add(options);
        }
    }, clock);

    private Job finished(Integer ttl) {
        Job job = job(1, 1);
        job.getSpec().setTtlSecondsAfterFinished(ttl);
        JobConditions.append(job, JobConditions.newCondition("Complete", "True", "CompletionsReached", "",
                Instant.parse("2025-01-01T00:10:00Z")));
        return job;
    }

    @Test
    void deletesTheJobInTheForegroundOnceTheTtlHasPassed() {
        Job job = finished(100);
        jobs.put(job);
        fresh = Json.copy(job, Job.class);
        assertEquals(Result.requeueAfter(Duration.ofSeconds(100)), sync.sync("default/pi"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Result.requeueAfter(Duration.ofSeconds(40)), sync.sync("default/pi"));
        assertTrue(deletions.isEmpty());

        clock.advance(Duration.ofSeconds(40));
        sync.sync("default/pi");
        assertEquals(1, deletions.size());
        assertEquals("Foreground", deletions.get(0).getPropagationPolicy());
        assertEquals(JobFixtures.UID, deletions.get(0).getPreconditions().getUid());
    }

    @Test
    void aTtlLengthenedMeanwhileIsReadFromTheApiServerBeforeDeleting() {
        jobs.put(finished(0));
        fresh = finished(300);
        assertEquals(Result.requeueAfter(Duration.ofSeconds(300)), sync.sync("default/pi"));
        assertTrue(deletions.isEmpty());
    }

    @Test
    void runningJobsAndJobsWithoutTtlAreLeftAlone() {
        Job running = job(1, 1);
        running.getSpec().setTtlSecondsAfterFinished(0);
        jobs.put(running);
        assertEquals(Result.done(), sync.sync("default/pi"));
        jobs.put(finished(null));
        assertEquals(Result.done(), sync.sync("default/pi"));
        assertTrue(deletions.isEmpty());

        RecordingEnqueuer queue = new RecordingEnqueuer();
        var handler = new TtlAfterFinishedController(queue).jobHandler();
        handler.onAdd(running);
        handler.onUpdate(running, finished(5));
        assertEquals(List.of("default/pi"), queue.keys);
    }
}
