package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pod's QoS class from its containers' cpu and memory requests and limits (zero values do not count). */
public final class QosClasses {
    private static final List<String> COMPUTE = List.of("cpu", "memory");

    private QosClasses() {
    }

    public static String of(PodSpec spec) {
        List<Container> containers = new ArrayList<>(PodPhases.orEmpty(spec.getContainers()));
        containers.addAll(PodPhases.orEmpty(spec.getInitContainers()));
        boolean any = false;
        boolean guaranteed = true;
        for (Container container : containers) {
            ResourceRequirements resources = container.getResources();
            Map<String, Quantity> requests = resources == null ? null : resources.getRequests();
            Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
            for (String resource : COMPUTE) {
                BigDecimal request = amount(requests, resource);
                BigDecimal limit = amount(limits, resource);
                any |= request != null || limit != null;
                // requests default to limits, so a missing request with a limit still counts as equal
                guaranteed &= limit != null && (request == null || request.compareTo(limit) == 0);
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static BigDecimal amount(Map<String, Quantity> quantities, String resource) {
        Quantity quantity = quantities == null ? null : quantities.get(resource);
        if (quantity == null) {
            return null;
        }
        BigDecimal value = quantity.getNumericalAmount();
        return value.signum() == 0 ? null : value;
    }
}
