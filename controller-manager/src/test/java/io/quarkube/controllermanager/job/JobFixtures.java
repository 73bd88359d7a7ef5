package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Jobs as the api-server stores them (JobStrategy's defaults applied) and their pods as the informer holds them. */
final class JobFixtures {
    static final String NS = "default";
    static final String UID = "uid-job";

    private JobFixtures() {
    }

    /** default/pi: completions and parallelism as given (completions null = work queue), backoffLimit 6, Never. */
    static Job job(Integer completions, int parallelism) {
        Map<String, String> labels = Map.of("batch.kubernetes.io/controller-uid", UID,
                "batch.kubernetes.io/job-name", "pi");
        return new JobBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNewMetadata().withNamespace(NS).withName("pi").withUid(UID).withResourceVersion("10")
                .withGeneration(1L).withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(6)
                .withCompletionMode("NonIndexed").withSuspend(false).withPodReplacementPolicy("TerminatingOrFailed")
                .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("batch.kubernetes.io/controller-uid", UID))
                        .build())
                .withNewTemplate().withNewMetadata().addToLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("pi").withImage("perl").endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().endStatus()
                .build();
    }

    static Job indexed(int completions, int parallelism) {
        Job job = job(completions, parallelism);
        job.getSpec().setCompletionMode("Indexed");
        return job;
    }

    /** The pod the controller would have created, as stored: named, with UID, finalizer and controller ref. */
    static Pod pod(Job job, String name, String phase) {
        Pod pod = JobPodTemplate.newPod(job, JobPods.UNKNOWN_INDEX);
        pod.getMetadata().setName(name);
        pod.getMetadata().setUid("uid-" + name);
        pod.getMetadata().setResourceVersion("5");
        pod.getMetadata().setCreationTimestamp("2025-01-01T00:00:01Z");
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        pod.getStatus().setPhase(phase);
        if (!"Pending".equals(phase)) {
            pod.getSpec().setNodeName("node-1");
        }
        return pod;
    }

    static Pod indexedPod(Job job, int index, String name, String phase) {
        Pod pod = pod(job, name, phase);
        Pod template = JobPodTemplate.newPod(job, index);
        pod.getMetadata().setAnnotations(template.getMetadata().getAnnotations());
        pod.getMetadata().setLabels(template.getMetadata().getLabels());
        return pod;
    }

    /** Its (single) container exited with this code at this time. */
    static Pod exited(Pod pod, int exitCode, String finishedAt) {
        pod.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
        pod.getStatus().setContainerStatuses(new ArrayList<>(List.of(new ContainerStatusBuilder().withName("pi")
                .withRestartCount(0).withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                        .withFinishedAt(finishedAt).endTerminated().build()).build())));
        return pod;
    }

    static Pod ready(Pod pod) {
        pod.getStatus().setConditions(new ArrayList<>(List.of(
                new PodCondition(null, "2025-01-01T00:00:02Z", null, null, null, "True", "Ready"))));
        return pod;
    }

    static Pod withoutFinalizer(Pod pod) {
        pod.getMetadata().setFinalizers(new ArrayList<>());
        return pod;
    }

    static Pod orphan(String name) {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid("uid-" + name)
                .withResourceVersion("3").addToFinalizers(JobPods.TRACKING_FINALIZER).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").endStatus().build();
    }
}
