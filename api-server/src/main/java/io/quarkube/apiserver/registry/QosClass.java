package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;

/** The pod's QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
final class QosClass {
    private QosClass() {
    }

    static String of(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return "BestEffort";
        }
        boolean anySet = false;
        boolean guaranteed = true;
        for (Container c : pod.getSpec().getContainers()) {
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            anySet |= (requests != null && !requests.isEmpty()) || (limits != null && !limits.isEmpty());
            for (String r : new String[]{"cpu", "memory"}) {
                Quantity limit = limits == null ? null : limits.get(r);
                Quantity request = requests == null ? null : requests.get(r);
                if (limit == null || (request != null && Quantity.getAmountInBytes(request)
                        .compareTo(Quantity.getAmountInBytes(limit)) != 0)) {
                    guaranteed = false;
                }
            }
        }
        return !anySet ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
