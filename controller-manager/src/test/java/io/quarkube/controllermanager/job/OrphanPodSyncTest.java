package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.FakePodControl;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.quarkube.controllermanager.job.JobFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finalizers no running Job will remove: orphans, pods of deleted or finished Jobs. */
class OrphanPodSyncTest {
    private final MapLister<Pod> pods = new MapLister<>();
    private final MapLister<Job> jobs = new MapLister<>();
    private final FakePodControl podControl = new FakePodControl();
    private final OrphanPodSync sync = new OrphanPodSync(pods, jobs, new FinalizerRemover(podControl));

    @Test
    void removesTheFinalizerOfAnOrphanAndOfAPodWhoseJobIsGone() {
        Job job = job(1, 1);
        pods.put(JobFixtures.orphan("o"), JobFixtures.pod(job, "p", "Running"));
        sync.sync("default/o");
        sync.sync("default/p"); // its Job is not in the cache (deleted with Background propagation)
        assertEquals(2, podControl.updated.size());
        assertTrue(podControl.updated.stream().allMatch(p -> p.getMetadata().getFinalizers().isEmpty()));
    }

    @Test
    void leavesPodsOfARunningJobAndOfOtherKindsAlone() {
        Job job = job(1, 1);
        jobs.put(job);
        Pod foreign = JobFixtures.orphan("rs-pod");
        foreign.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName("rs").withUid("u").withController(true).build()));
        pods.put(JobFixtures.pod(job, "p", "Running"), foreign);
        sync.sync("default/p");
        sync.sync("default/rs-pod");
        assertTrue(podControl.updated.isEmpty());
    }

    @Test
    void aFinishedJobsLeftoverPodsAreQueuedAndCleaned() {
        Job job = job(1, 1);
        JobConditions.append(job, JobConditions.newCondition("Failed", "True", "DeadlineExceeded", "",
                Instant.parse("2025-01-01T00:00:00Z")));
        jobs.put(job);
        pods.put(JobFixtures.pod(job, "p", "Failed"));
        RecordingEnqueuer queue = new RecordingEnqueuer();
        new OrphanPodController(pods, jobs, queue).jobHandler().onUpdate(job, job);
        assertEquals(List.of("default/p"), queue.keys);
        sync.sync("default/p");
        assertEquals(1, podControl.updated.size());
    }
}
