package io.quarkube.api;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.util.List;
import java.util.Optional;

/**
 * The resource registry: every kind quarkube serves, as discovery describes it (the table of
 * K8S-API-CONTRACT.md §1). Adding a kind here gives it REST paths, a Kafka topic and a discovery entry; the
 * api-server then requires a Strategy for it.
 */
public final class Resources {
    public static final ResourceType<Namespace> NAMESPACES =
            new ResourceType<>("", "v1", "Namespace", "namespaces", "namespace", false, Namespace.class)
                    .withShortNames("ns").withSubresources("status", "finalize");
    public static final ResourceType<Node> NODES =
            new ResourceType<>("", "v1", "Node", "nodes", "node", false, Node.class)
                    .withShortNames("no").withSubresources("status");
    public static final ResourceType<Pod> PODS =
            new ResourceType<>("", "v1", "Pod", "pods", "pod", true, Pod.class)
                    .withShortNames("po").withCategories("all")
                    .withSubresources("status", "binding", "log", "eviction");
    public static final ResourceType<Event> EVENTS =
            new ResourceType<>("", "v1", "Event", "events", "event", true, Event.class).withShortNames("ev");
    public static final ResourceType<PersistentVolumeClaim> PERSISTENT_VOLUME_CLAIMS =
            new ResourceType<>("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim",
                    true, PersistentVolumeClaim.class).withShortNames("pvc").withSubresources("status");
    public static final ResourceType<Deployment> DEPLOYMENTS =
            new ResourceType<>("apps", "v1", "Deployment", "deployments", "deployment", true, Deployment.class)
                    .withShortNames("deploy").withCategories("all").withSubresources("status", "scale");
    public static final ResourceType<ReplicaSet> REPLICASETS =
            new ResourceType<>("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, ReplicaSet.class)
                    .withShortNames("rs").withCategories("all").withSubresources("status", "scale");
    public static final ResourceType<StatefulSet> STATEFULSETS =
            new ResourceType<>("apps", "v1", "StatefulSet", "statefulsets", "statefulset", true, StatefulSet.class)
                    .withShortNames("sts").withCategories("all").withSubresources("status", "scale");
    public static final ResourceType<DaemonSet> DAEMONSETS =
            new ResourceType<>("apps", "v1", "DaemonSet", "daemonsets", "daemonset", true, DaemonSet.class)
                    .withShortNames("ds").withCategories("all").withSubresources("status");
    /** Immutable snapshots of a StatefulSet's (or DaemonSet's) template, for updates and history. */
    public static final ResourceType<ControllerRevision> CONTROLLER_REVISIONS =
            new ResourceType<>("apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", true,
                    ControllerRevision.class);
    public static final ResourceType<Job> JOBS =
            new ResourceType<>("batch", "v1", "Job", "jobs", "job", true, Job.class)
                    .withCategories("all").withSubresources("status");
    public static final ResourceType<CronJob> CRONJOBS =
            new ResourceType<>("batch", "v1", "CronJob", "cronjobs", "cronjob", true, CronJob.class)
                    .withShortNames("cj").withCategories("all").withSubresources("status");
    public static final ResourceType<Lease> LEASES =
            new ResourceType<>("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, Lease.class);

    public static final List<ResourceType<? extends HasMetadata>> ALL = List.of(NAMESPACES, NODES, PODS, EVENTS,
            PERSISTENT_VOLUME_CLAIMS, DEPLOYMENTS, REPLICASETS, STATEFULSETS, DAEMONSETS, CONTROLLER_REVISIONS, JOBS,
            CRONJOBS, LEASES);

    private Resources() {
    }

    public static Optional<ResourceType<? extends HasMetadata>> find(String group, String version, String plural) {
        return ALL.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    public static Optional<ResourceType<? extends HasMetadata>> byKind(String apiVersion, String kind) {
        return ALL.stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    /** The API groups, in discovery order ("" is the core group). */
    public static List<String> groups() {
        return ALL.stream().map(ResourceType::group).distinct().toList();
    }

    public static List<String> topics() {
        return ALL.stream().map(ResourceType::topic).toList();
    }
}
