package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a pod asks of a node, computed as Kubernetes' resource helpers do: the sum of the app containers (plus
 * sidecars, i.e. init containers with restartPolicy Always), or the largest single init container if that is
 * more, plus the pod overhead.
 */
public final class PodRequests {
    /** Scoring assumes these for a container that sets no request, so empty pods still spread. */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {
    }

    /** The requests that must fit into the node's allocatable. */
    public static Resource of(Pod pod) {
        return compute(pod, c -> Resource.of(requests(c)));
    }

    /** The requests used for scoring: a container without a cpu or memory request counts the defaults. */
    public static Resource nonZero(Pod pod) {
        return compute(pod, c -> {
            Map<String, Quantity> requests = requests(c);
            long cpu = requests != null && requests.containsKey("cpu")
                    ? Resource.milliCpu(requests.get("cpu")) : DEFAULT_MILLI_CPU;
            long memory = requests != null && requests.containsKey("memory")
                    ? Resource.bytes(requests.get("memory")) : DEFAULT_MEMORY;
            return new Resource(cpu, memory);
        });
    }

    private static Resource compute(Pod pod, Function<Container, Resource> perContainer) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return Resource.ZERO;
        }
        Resource sum = Resource.ZERO;
        for (Container c : orEmpty(spec.getContainers())) {
            sum = sum.plus(perContainer.apply(c));
        }
        Resource sidecars = Resource.ZERO;
        Resource initMax = Resource.ZERO;
        for (Container c : orEmpty(spec.getInitContainers())) {
            Resource request = perContainer.apply(c);
            if ("Always".equals(c.getRestartPolicy())) {
                // a sidecar keeps running next to the app containers and the later init containers
                sum = sum.plus(request);
                sidecars = sidecars.plus(request);
                initMax = initMax.max(sidecars);
            } else {
                initMax = initMax.max(request.plus(sidecars));
            }
        }
        return sum.max(initMax).plus(Resource.of(spec.getOverhead()));
    }

    private static Map<String, Quantity> requests(Container c) {
        return c.getResources() == null ? null : c.getResources().getRequests();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
