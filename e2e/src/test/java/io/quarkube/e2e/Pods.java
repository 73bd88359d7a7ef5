package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Pod fixtures and waits shared by the end-to-end tests. */
final class Pods {
    private Pods() {
    }

    static Pod withCommand(String name, String restartPolicy, String... command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy)
                .withContainers(new ContainerBuilder().withName("main").withImage("busybox:1.36")
                        .withCommand(List.of(command)).build())
                .endSpec().build();
    }

    static Pod longRunning(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("web").withImage("nginx:1.27").build())
                .endSpec().build();
    }

    static Pod await(ApiClient api, String name, Duration timeout, Predicate<Pod> condition) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(Resources.PODS, "default", name).orElse(null),
                        pod -> pod != null && condition.test(pod));
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }
}
