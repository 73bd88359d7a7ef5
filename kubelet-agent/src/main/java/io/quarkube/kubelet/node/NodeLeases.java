package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node heartbeat of Kubernetes (the kubelet's lease controller): one coordination.k8s.io/v1 Lease per node in
 * kube-node-lease, named after the node, held by it, owned by the Node, renewed every heartbeat. A renewal is a
 * PUT with the last known resourceVersion; a 409 reads the Lease again and retries once; a 404 creates it.
 */
public final class NodeLeases {
    public static final String NAMESPACE = "kube-node-lease";
    private static final Logger LOG = Logger.getLogger(NodeLeases.class);

    private final ApiClient api;
    private final Clock clock;
    private final int durationSeconds;
    // the last Lease the api-server returned per node: the base of the next renewal
    private final Map<String, Lease> last = new ConcurrentHashMap<>();

    public NodeLeases(ApiClient api, Clock clock, int durationSeconds) {
        this.api = api;
        this.clock = clock;
        this.durationSeconds = durationSeconds;
    }

    /**
     * At registration: a node the api-server just created has no Lease yet, so create it straight away (one request
     * per node for 1,000 hollow nodes); a node taken over renews the Lease it has.
     */
    public Lease register(String nodeName, String nodeUid, boolean newNode) {
        last.remove(nodeName);
        return newNode ? remember(nodeName, create(nodeName, nodeUid)) : renew(nodeName, nodeUid);
    }

    /** Renews (or first creates) the node's Lease; throws what the api-server answered if that failed. */
    public Lease renew(String nodeName, String nodeUid) {
        Lease base = last.get(nodeName);
        if (base == null) {
            // first renewal of this agent: adopt a Lease left by an earlier run, as the kubelet's ensureLease does
            base = api.get(Resources.LEASES, NAMESPACE, nodeName).orElse(null);
            if (base == null) {
                return remember(nodeName, create(nodeName, nodeUid));
            }
        }
        try {
            return remember(nodeName, api.update(Resources.LEASES, renewed(base, nodeName, nodeUid)));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return remember(nodeName, create(nodeName, nodeUid));
            }
            if (!e.isConflict()) {
                throw e;
            }
        }
        Lease fresh = api.get(Resources.LEASES, NAMESPACE, nodeName).orElse(null);
        if (fresh == null) {
            return remember(nodeName, create(nodeName, nodeUid));
        }
        return remember(nodeName, api.update(Resources.LEASES, renewed(fresh, nodeName, nodeUid)));
    }

    private Lease remember(String nodeName, Lease lease) {
        last.put(nodeName, lease);
        return lease;
    }

    private Lease create(String nodeName, String nodeUid) {
        Lease lease = renewed(new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(NAMESPACE)
                .endMetadata().build(), nodeName, nodeUid);
        try {
            return api.create(Resources.LEASES, lease);
        } catch (ApiException e) {
            if (e.isConflict()) { // created in between (an earlier run's request): renew that one
                Lease existing = api.get(Resources.LEASES, NAMESPACE, nodeName).orElseThrow(() -> e);
                return api.update(Resources.LEASES, renewed(existing, nodeName, nodeUid));
            }
            if (!e.isNotFound()) {
                throw e;
            }
        }
        // 404 on create: the namespace is missing (the api-server normally makes it at startup)
        createNamespace();
        return api.create(Resources.LEASES, lease);
    }

    private void createNamespace() {
        try {
            api.create(Resources.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                    .endMetadata().build());
            LOG.infof("created namespace %s for the node leases", NAMESPACE);
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
    }

    /** A copy of {@code base} held by the node, renewed now, owned by the Node. */
    private Lease renewed(Lease base, String nodeName, String nodeUid) {
        Lease lease = Json.copy(base, Lease.class);
        lease.setApiVersion(Resources.LEASES.apiVersion());
        lease.setKind(Resources.LEASES.kind());
        if (lease.getSpec() == null) {
            lease.setSpec(new LeaseSpec());
        }
        lease.getSpec().setHolderIdentity(nodeName);
        lease.getSpec().setLeaseDurationSeconds(durationSeconds);
        // MicroTime: the api-server keeps microseconds
        lease.getSpec().setRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MICROS));
        if (nodeUid != null) {
            lease.getMetadata().setOwnerReferences(List.of(owner(nodeName, nodeUid)));
        }
        return lease;
    }

    /** As the kubelet sets it: apiVersion v1, kind Node, the node's name and UID (no controller flag). */
    static OwnerReference owner(String nodeName, String nodeUid) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(nodeName)
                .withUid(nodeUid).build();
    }
}
