package io.quarkube.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.scheduler.core.SchedulerClient;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The scheduler's writes through the api-server: pods/binding, and the PodScheduled condition on pods/status. */
final class ApiSchedulerClient implements SchedulerClient {
    private final ApiClient api;
    private final Clock clock;

    ApiSchedulerClient(ApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public void bind(Pod pod, String nodeName) {
        api.bind(pod, nodeName);
    }

    /**
     * A strategic merge patch touching only the PodScheduled condition (merge key: type). Its transition time
     * stays when it was False already and only the message changes, as Kubernetes' UpdatePodCondition keeps it.
     * The pod's resourceVersion makes it conditional: if the pod changed meanwhile (it may have been bound by now)
     * the patch is refused with 409 instead of writing a stale "False" over the binding's "True".
     */
    @Override
    public void markUnschedulable(Pod pod, String message) {
        String since = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).findFirst().orElse(null);
        Map<String, Object> condition = Map.of("type", "PodScheduled", "status", "False", "reason", "Unschedulable",
                "message", message, "lastTransitionTime",
                since != null ? since : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        api.patchStatus(Resources.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                Map.of("metadata", Map.of("resourceVersion", pod.getMetadata().getResourceVersion()),
                        "status", Map.of("conditions", List.of(condition))));
    }
}
