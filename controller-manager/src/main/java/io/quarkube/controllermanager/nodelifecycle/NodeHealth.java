package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each node was last seen alive, by this controller's clock (Kubernetes' nodeHealthMap probeTimestamp): the
 * moment its Ready condition's lastHeartbeatTime or its Lease's renewTime was SEEN to change, not the times
 * themselves, so a kubelet whose clock is off is judged correctly. A node seen for the first time gets a whole
 * grace period from now, as Kubernetes does after a controller restart.
 */
final class NodeHealth {
    private record Observed(String heartbeat, ZonedDateTime leaseRenewed, Instant probe) {
    }

    private final Clock clock;
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();
    /** Nodes last seen Ready=True whose leaving that state has not been reported yet. */
    private final Set<String> seenReady = ConcurrentHashMap.newKeySet();

    NodeHealth(Clock clock) {
        this.clock = clock;
    }

    /** Notes what the node and its Lease show now; returns when the node was last seen alive. */
    Instant observe(Node node, Lease lease) {
        Instant now = clock.instant();
        String heartbeat = NodeConditions.readyHeartbeat(node);
        ZonedDateTime renewed = lease == null || lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
        if ("True".equals(NodeConditions.readyStatus(node))) {
            seenReady.add(node.getMetadata().getName());
        }
        return observed.compute(node.getMetadata().getName(), (name, old) -> {
            if (old == null) {
                return new Observed(heartbeat, renewed, now);
            }
            boolean statusPosted = heartbeat != null && !Objects.equals(heartbeat, old.heartbeat());
            boolean leaseRenewed = renewed != null && (old.leaseRenewed() == null
                    || renewed.toInstant().isAfter(old.leaseRenewed().toInstant()));
            Instant probe = statusPosted || leaseRenewed ? now : old.probe();
            return new Observed(heartbeat, leaseRenewed ? renewed : old.leaseRenewed(), probe);
        }).probe();
    }

    /**
     * True once when a node seen Ready=True (by {@link #observe}) now has another status: the NodeNotReady event
     * is recorded once per transition.
     */
    boolean becameNotReady(String node, String readyStatus) {
        return !"True".equals(readyStatus) && seenReady.remove(node);
    }

    void forget(String node) {
        observed.remove(node);
        seenReady.remove(node);
    }
}
