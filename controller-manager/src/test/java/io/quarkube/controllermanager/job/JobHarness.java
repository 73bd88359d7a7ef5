package io.quarkube.controllermanager.job;

import io.quarkube.controllermanager.RecordedEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.json.Json;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.FakePodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.RecordingPodControl;
import io.quarkube.controllermanager.controller.Result;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One Job controller with fakes around it: caches the test fills, recorded pod writes and status writes, and
 * helpers that play the informer (report created pods, applied updates and deletions back into the caches).
 */
final class JobHarness {
    static final String KEY = "default/pi";

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:01:00Z"));
    final MapLister<Job> jobs = new MapLister<>();
    final MapLister<Pod> pods = new MapLister<>();
    final FakePodControl podControl = new FakePodControl();
    final RecordedEvents events = new RecordedEvents();
    final List<Job> writes = new ArrayList<>();
    final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));
    final FinalizerExpectations finalizerExpectations = new FinalizerExpectations();
    final RecordingEnqueuer queue = new RecordingEnqueuer();
    final JobController handlers = new JobController(jobs, expectations, finalizerExpectations, queue, clock);
    final JobSync sync = new JobSync(jobs, pods, new RecordingPodControl(podControl, events, jobs, pods), this::store,
            expectations, finalizerExpectations, new BackoffRecords(), events, clock, Runnable::run);
    private int resourceVersion = 100;
    private int observedCreations;
    private int observedUpdates;
    private int observedDeletions;

    JobHarness(Job job) {
        jobs.put(job);
    }

    private Job store(Job job) {
        Job stored = Json.copy(job, Job.class);
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        writes.add(stored);
        return Json.copy(stored, Job.class);
    }

    /** One sync; the Job's last written status then reaches the cache, as its watch event would. */
    Result sync() {
        int before = writes.size();
        try {
            return sync.sync(KEY);
        } finally {
            if (writes.size() > before) {
                jobs.put(Json.copy(writes.get(writes.size() - 1), Job.class));
            }
        }
    }

    Job job() {
        return jobs.get(JobFixtures.NS, "pi").orElseThrow();
    }

    /** The informer reports the pods created since the last call (named generateName + n, Pending). */
    List<Pod> observeCreated() {
        List<Pod> seen = new ArrayList<>();
        while (observedCreations < podControl.created.size()) {
            Pod pod = Json.copy(podControl.created.get(observedCreations++), Pod.class);
            String name = pod.getMetadata().getGenerateName() + observedCreations;
            pod.getMetadata().setName(name);
            pod.getMetadata().setUid("uid-" + name);
            pod.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
            pod.setStatus(new PodStatus());
            pod.getStatus().setPhase("Pending");
            pods.put(pod);
            handlers.addPod(pod);
            seen.add(pod);
        }
        return seen;
    }

    /** The informer reports the pod updates (finalizer removals) made since the last call. */
    void observeUpdates() {
        while (observedUpdates < podControl.updated.size()) {
            Pod updated = Json.copy(podControl.updated.get(observedUpdates++), Pod.class);
            Pod old = pods.get(JobFixtures.NS, updated.getMetadata().getName()).orElse(null);
            updated.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
            boolean gone = updated.getMetadata().getDeletionTimestamp() != null
                    && updated.getMetadata().getFinalizers().isEmpty() && PodUtil.isTerminal(updated);
            if (gone) {
                pods.remove(updated);
                handlers.deletePod(updated, true);
            } else {
                pods.put(updated);
                if (old != null) {
                    handlers.updatePod(old, updated);
                }
            }
        }
    }

    /** The informer reports deletions: a pod still holding finalizers only gets its deletionTimestamp. */
    void observeDeletions() {
        while (observedDeletions < podControl.deleted.size()) {
            String entry = podControl.deleted.get(observedDeletions++);
            String name = entry.substring(entry.indexOf('/') + 1, entry.indexOf('@'));
            Pod pod = pods.get(JobFixtures.NS, name).orElse(null);
            if (pod == null) {
                continue;
            }
            if (pod.getMetadata().getFinalizers() == null || pod.getMetadata().getFinalizers().isEmpty()) {
                pods.remove(pod);
                handlers.deletePod(pod, true);
            } else {
                Pod deleting = Json.copy(pod, Pod.class);
                deleting.getMetadata().setDeletionTimestamp(clock.instant().toString());
                deleting.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
                pods.put(deleting);
                handlers.updatePod(pod, deleting);
            }
        }
    }

    /** Replaces a cached pod (e.g. it started running or exited), as a kubelet status update would. */
    void update(Pod pod) {
        pod.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        pods.put(pod);
    }

    Pod pod(String name) {
        return pods.get(JobFixtures.NS, name).orElseThrow();
    }

    /** Tells the pod names from the "ns/name@uid" deletion records. */
    List<String> deletedNames() {
        return podControl.deleted.stream().map(d -> d.substring(d.indexOf('/') + 1, d.indexOf('@'))).toList();
    }
}
