package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.scheduler.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodRequestsTest {

    private static Container container(String cpu, String memory) {
        return new ContainerBuilder().withName("x").withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources().build();
    }

    @Test
    void sumsAppContainers() {
        Pod pod = Fixtures.pod("p", "250m", "64Mi");
        pod.getSpec().getContainers().add(container("0.5", "1Gi"));
        assertEquals(new Resource(750, (64L << 20) + (1L << 30)), PodRequests.of(pod));
    }

    @Test
    void initContainersCountAsTheLargestOneWhenThatIsMore() {
        Pod pod = Fixtures.pod("p", "100m", "100Mi");
        pod.getSpec().getInitContainers().add(container("2", "10Mi"));
        pod.getSpec().getInitContainers().add(container("50m", "50Mi"));
        // cpu: max(100m, 2000m); memory: max(100Mi, 50Mi)
        assertEquals(new Resource(2000, 100L << 20), PodRequests.of(pod));
    }

    @Test
    void sidecarsAddToTheAppContainersAndToLaterInitContainers() {
        Pod pod = Fixtures.pod("p", "100m", "0");
        Container sidecar = container("200m", "0");
        sidecar.setRestartPolicy("Always");
        pod.getSpec().getInitContainers().add(sidecar);
        pod.getSpec().getInitContainers().add(container("250m", "0"));
        // app: 100m + sidecar 200m = 300m; init peak: 250m + 200m = 450m
        assertEquals(450, PodRequests.of(pod).milliCpu());
    }

    @Test
    void overheadIsAdded() {
        Pod pod = Fixtures.pod("p", "100m", "1Mi");
        pod.getSpec().setOverhead(Map.of("cpu", new Quantity("10m")));
        assertEquals(110, PodRequests.of(pod).milliCpu());
    }

    @Test
    void nonZeroUsesDefaultsForMissingRequestsOnly() {
        assertEquals(new Resource(PodRequests.DEFAULT_MILLI_CPU, PodRequests.DEFAULT_MEMORY),
                PodRequests.nonZero(Fixtures.pod("p", null, null)));
        assertEquals(new Resource(0, PodRequests.DEFAULT_MEMORY), PodRequests.nonZero(Fixtures.pod("p", "0", null)));
        assertEquals(Resource.ZERO, PodRequests.of(Fixtures.pod("p", null, null)));
    }

    @Test
    void cpuRoundsUpToMillicores() {
        assertEquals(1, Resource.milliCpu(new Quantity("0.0001")));
        assertEquals(1500, Resource.milliCpu(new Quantity("1500m")));
        assertEquals(2000, Resource.milliCpu(new Quantity("2")));
    }
}
