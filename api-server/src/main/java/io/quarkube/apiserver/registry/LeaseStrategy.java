package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.Resources;
import jakarta.enterprise.context.ApplicationScoped;

/** coordination.k8s.io/v1 Leases: leader election and node heartbeats; optimistic concurrency does the rest. */
@ApplicationScoped
public class LeaseStrategy extends DataOnlyStrategy<Lease> {

    public LeaseStrategy() {
        super(Resources.LEASES);
    }
}
