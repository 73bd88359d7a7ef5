package io.quarkube.api.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A coordination.k8s.io/v1 Lease as the lock (client-go's resourcelock.LeaseLock): the record is the Lease's spec.
 * Updates are PUTs carrying the resourceVersion last read or written, so a concurrent writer makes them fail with
 * 409 instead of overwriting. Used by the elector's single thread only.
 */
public final class LeaseLock implements ResourceLock {
    private final ApiClient api;
    private final String namespace;
    private final String name;
    private Lease last; // the Lease as the api-server last answered it: the base (and resourceVersion) of updates

    public LeaseLock(ApiClient api, String namespace, String name) {
        this.api = api;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public Optional<LeaderElectionRecord> get() {
        Optional<Lease> lease = api.get(Resources.LEASES, namespace, name);
        lease.ifPresent(l -> last = l);
        return lease.map(LeaseLock::record);
    }

    @Override
    public void create(LeaderElectionRecord record) {
        Lease lease = new LeaseBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withSpec(new LeaseSpec()).build();
        last = api.create(Resources.LEASES, withRecord(lease, record));
    }

    @Override
    public void update(LeaderElectionRecord record) {
        if (last == null) {
            throw new IllegalStateException("lease " + describe() + " not read yet: get or create it first");
        }
        last = api.update(Resources.LEASES, withRecord(Json.copy(last, Lease.class), record));
    }

    @Override
    public String describe() {
        return namespace + "/" + name;
    }

    static LeaderElectionRecord record(Lease lease) {
        LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
        return new LeaderElectionRecord(spec.getHolderIdentity(), orZero(spec.getLeaseDurationSeconds()),
                instant(spec.getAcquireTime()), instant(spec.getRenewTime()), orZero(spec.getLeaseTransitions()));
    }

    private static Lease withRecord(Lease lease, LeaderElectionRecord record) {
        lease.setApiVersion(Resources.LEASES.apiVersion());
        lease.setKind(Resources.LEASES.kind());
        if (lease.getSpec() == null) {
            lease.setSpec(new LeaseSpec());
        }
        LeaseSpec spec = lease.getSpec();
        spec.setHolderIdentity(record.holderIdentity()); // "" once released, as client-go writes it
        spec.setLeaseDurationSeconds(record.leaseDurationSeconds());
        spec.setAcquireTime(time(record.acquireTime()));
        spec.setRenewTime(time(record.renewTime()));
        spec.setLeaseTransitions(record.leaderTransitions());
        return lease;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static ZonedDateTime time(Instant instant) {
        return instant == null ? null : ZonedDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
