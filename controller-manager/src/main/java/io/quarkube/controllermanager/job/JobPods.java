package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the Job controller asks about its pods (job_controller.go, indexed_job_utils.go, backoff_utils.go). */
final class JobPods {
    /** Kept on every pod until the controller has counted it, so that no finished pod is lost. */
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final int UNKNOWN_INDEX = -1;

    private JobPods() {
    }

    static boolean hasTrackingFinalizer(Pod pod) {
        List<String> finalizers = pod.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(TRACKING_FINALIZER);
    }

    static boolean isIndexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    static int completions(Job job) {
        return job.getSpec().getCompletions() == null ? 0 : job.getSpec().getCompletions();
    }

    /** podReplacementPolicy Failed (or a podFailurePolicy): a terminating pod is replaced only once it failed. */
    static boolean onlyReplaceFailedPods(Job job) {
        return "Failed".equals(job.getSpec().getPodReplacementPolicy()) || job.getSpec().getPodFailurePolicy() != null;
    }

    /** Failed, or deleted before succeeding (an orphan may never reach a phase), unless only failures count. */
    static boolean isFailed(Pod pod, Job job) {
        if ("Failed".equals(PodUtil.phase(pod))) {
            return true;
        }
        if (onlyReplaceFailedPods(job)) {
            return false;
        }
        return pod.getMetadata().getDeletionTimestamp() != null && !"Succeeded".equals(PodUtil.phase(pod));
    }

    /** Being deleted and not finished yet (controller.FilterTerminatingPods). */
    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null && !PodUtil.isTerminal(pod);
    }

    static int completionIndex(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(COMPLETION_INDEX);
        if (value == null) {
            return UNKNOWN_INDEX;
        }
        try {
            int index = Integer.parseInt(value);
            return index < 0 ? UNKNOWN_INDEX : index;
        } catch (NumberFormatException e) {
            return UNKNOWN_INDEX;
        }
    }

    /** A usable index of this Job: known and below completions. */
    static boolean hasValidIndex(Pod pod, Job job) {
        int index = completionIndex(pod);
        return index != UNKNOWN_INDEX && index < completions(job);
    }

    static List<Integer> indexes(List<Pod> pods) {
        List<Integer> result = new ArrayList<>();
        for (Pod pod : pods) {
            int index = completionIndex(pod);
            if (index != UNKNOWN_INDEX) {
                result.add(index);
            }
        }
        return result;
    }

    /**
     * When the pod finished (backoff_utils.go getFinishedTime): the last container exit if all exited, else when
     * it stopped being Ready, else deletionTimestamp minus the grace period, else its creation.
     */
    static Instant finishedTime(Pod pod) {
        Instant fromContainers = finishTimeFromContainers(pod);
        if (fromContainers != null) {
            return fromContainers;
        }
        PodCondition ready = PodUtil.readyCondition(pod);
        if (ready != null && "False".equals(ready.getStatus()) && PodUtil.time(ready.getLastTransitionTime()) != null) {
            return PodUtil.time(ready.getLastTransitionTime());
        }
        Instant deletion = PodUtil.time(pod.getMetadata().getDeletionTimestamp());
        if (deletion != null) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            return deletion.minusSeconds(grace == null ? 0 : grace);
        }
        Instant created = PodUtil.time(pod.getMetadata().getCreationTimestamp());
        return created == null ? Instant.EPOCH : created;
    }

    private static Instant finishTimeFromContainers(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (statuses == null || statuses.isEmpty()) {
            return null;
        }
        Instant latest = null;
        for (ContainerStatus status : statuses) {
            if (status.getState() == null || status.getState().getTerminated() == null) {
                return null;
            }
            Instant finished = PodUtil.time(status.getState().getTerminated().getFinishedAt());
            if (finished == null) {
                return null;
            }
            if (latest == null || latest.isBefore(finished)) {
                latest = finished;
            }
        }
        return latest;
    }

    static Comparator<Pod> byFinishedTime() {
        return Comparator.comparing(JobPods::finishedTime);
    }

    /** Container restarts of running and pending pods (pastBackoffLimitOnFailure counts these). */
    static int restarts(Pod pod) {
        String phase = PodUtil.phase(pod);
        if (!"Running".equals(phase) && !"Pending".equals(phase)) {
            return 0;
        }
        int sum = 0;
        for (List<ContainerStatus> list : java.util.Arrays.asList(pod.getStatus().getInitContainerStatuses(),
                pod.getStatus().getContainerStatuses())) {
            for (ContainerStatus status : Objects.requireNonNullElse(list, List.<ContainerStatus>of())) {
                sum += status.getRestartCount() == null ? 0 : status.getRestartCount();
            }
        }
        return sum;
    }
}
