package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodTemplates;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Job's new pod (manageJob): the template with the job-tracking finalizer and, for an Indexed Job, the
 * completion index as annotation, label, JOB_COMPLETION_INDEX env (from the label, downward API), hostname
 * {@code <job>-<index>} and generateName {@code <job>-<index>-}.
 */
final class JobPodTemplate {
    static final String API_VERSION = "batch/v1";
    static final String KIND = "Job";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
    private static final int MAX_GENERATED_NAME_LENGTH = 58;

    private JobPodTemplate() {
    }

    static OwnerReference controllerRef(Job job) {
        return ControllerRefs.newControllerRef(job, API_VERSION, KIND);
    }

    /** @param index the completion index, or {@link JobPods#UNKNOWN_INDEX} for a NonIndexed Job */
    static Pod newPod(Job job, int index) {
        Pod pod = PodTemplates.newPod(job.getSpec().getTemplate(), job, controllerRef(job));
        List<String> finalizers = new ArrayList<>(pod.getMetadata().getFinalizers());
        if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
            finalizers.add(JobPods.TRACKING_FINALIZER);
        }
        pod.getMetadata().setFinalizers(finalizers);
        if (JobPods.isIndexed(job)) {
            addIndexEnv(pod.getSpec().getInitContainers());
            addIndexEnv(pod.getSpec().getContainers());
        }
        if (index != JobPods.UNKNOWN_INDEX) {
            String name = job.getMetadata().getName();
            pod.getMetadata().getAnnotations().put(JobPods.COMPLETION_INDEX, Integer.toString(index));
            pod.getMetadata().getLabels().put(JobPods.COMPLETION_INDEX, Integer.toString(index));
            pod.getSpec().setHostname(name + "-" + index);
            pod.getMetadata().setGenerateName(generateNameWithIndex(name, index));
        }
        return pod;
    }

    static String generateNameWithIndex(String jobName, int index) {
        String suffix = "-" + index + "-";
        String prefix = jobName + suffix;
        if (prefix.length() > MAX_GENERATED_NAME_LENGTH) {
            prefix = prefix.substring(0, MAX_GENERATED_NAME_LENGTH - suffix.length()) + suffix;
        }
        return prefix;
    }

    private static void addIndexEnv(List<Container> containers) {
        for (Container container : Objects.requireNonNullElse(containers, List.<Container>of())) {
            List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
            if (env.stream().noneMatch(e -> INDEX_ENV.equals(e.getName()))) {
                env.add(new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.labels['" + JobPods.COMPLETION_INDEX + "']").endFieldRef()
                        .endValueFrom().build());
            }
            container.setEnv(env);
        }
    }
}
