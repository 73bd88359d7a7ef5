package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.quarkube.apiserver.tables.Formats.num;
import static io.quarkube.apiserver.tables.Formats.str;

/**
 * apps/v1 workloads: Deployments, ReplicaSets, StatefulSets, DaemonSets and ControllerRevisions, columns as in
 * printers.go.
 */
final class AppsPrinters {
    private static final Column CONTAINERS = Column.wide("Containers", Column.CONTAINERS_DOC);
    private static final Column IMAGES = Column.wide("Images", Column.IMAGES_DOC);

    private AppsPrinters() {
    }

    static final class DeploymentPrinter implements KindPrinter<Deployment> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Ready", "Number of the pod with ready state"),
                Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment "
                        + "that have the desired template spec."),
                Column.string("Available", "Total number of available pods (ready for at least minReadySeconds) "
                        + "targeted by this deployment."),
                Column.age(), CONTAINERS, IMAGES,
                Column.wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected "
                        + "by this will be the ones affected by this deployment."));

        @Override
        public Class<Deployment> kind() {
            return Deployment.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(Deployment d, Instant now) {
            DeploymentSpec spec = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
            DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
            List<String> containers = Formats.containers(spec.getTemplate());
            String selector;
            try {
                selector = Formats.selector(spec.getSelector());
            } catch (IllegalArgumentException e) {
                selector = "<invalid>";
            }
            return List.of(str(d.getMetadata().getName()),
                    num(status.getReadyReplicas()) + "/" + num(spec.getReplicas()), num(status.getUpdatedReplicas()),
                    num(status.getAvailableReplicas()), HumanDuration.since(d.getMetadata().getCreationTimestamp(), now),
                    containers.get(0), containers.get(1), selector);
        }
    }

    static final class ReplicaSetPrinter implements KindPrinter<ReplicaSet> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.integer("Desired", "Replicas is the number of desired replicas."),
                Column.integer("Current", "Replicas is the most recently observed number of replicas."),
                Column.integer("Ready", "The number of ready replicas for this replica set."),
                Column.age(), CONTAINERS, IMAGES,
                Column.wide("Selector", "Selector is a label query over pods that should match the replica "
                        + "count."));

        @Override
        public Class<ReplicaSet> kind() {
            return ReplicaSet.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(ReplicaSet rs, Instant now) {
            ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
            ReplicaSetStatus status = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
            List<String> containers = Formats.containers(spec.getTemplate());
            return List.of(str(rs.getMetadata().getName()), num(spec.getReplicas()), num(status.getReplicas()),
                    num(status.getReadyReplicas()), HumanDuration.since(rs.getMetadata().getCreationTimestamp(), now),
                    containers.get(0), containers.get(1), Formats.formatSelector(spec.getSelector()));
        }
    }

    static final class StatefulSetPrinter implements KindPrinter<StatefulSet> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Ready", "Number of the pod with ready state"), Column.age(), CONTAINERS, IMAGES);

        @Override
        public Class<StatefulSet> kind() {
            return StatefulSet.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(StatefulSet sts, Instant now) {
            StatefulSetSpec spec = sts.getSpec() == null ? new StatefulSetSpec() : sts.getSpec();
            StatefulSetStatus status = sts.getStatus() == null ? new StatefulSetStatus() : sts.getStatus();
            List<String> containers = Formats.containers(spec.getTemplate());
            return List.of(str(sts.getMetadata().getName()),
                    num(status.getReadyReplicas()) + "/" + num(spec.getReplicas()),
                    HumanDuration.since(sts.getMetadata().getCreationTimestamp(), now),
                    containers.get(0), containers.get(1));
        }
    }

    static final class DaemonSetPrinter implements KindPrinter<DaemonSet> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.integer("Desired", "The total number of nodes that should be running the daemon pod "
                        + "(including nodes correctly running the daemon pod)."),
                Column.integer("Current", "The number of nodes that are running at least 1 daemon pod and are "
                        + "supposed to run the daemon pod."),
                Column.integer("Ready", "The number of nodes that should be running the daemon pod and have one "
                        + "or more of the daemon pod running and ready."),
                Column.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
                Column.integer("Available", "The number of nodes that should be running the daemon pod and have "
                        + "one or more of the daemon pod running and available (ready for at least "
                        + "spec.minReadySeconds)"),
                Column.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit "
                        + "on a node."),
                Column.age(), CONTAINERS, IMAGES,
                Column.wide("Selector", "A label query over pods that are managed by the daemon set."));

        @Override
        public Class<DaemonSet> kind() {
            return DaemonSet.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(DaemonSet ds, Instant now) {
            DaemonSetSpec spec = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
            DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
            List<String> containers = Formats.containers(spec.getTemplate());
            return List.of(str(ds.getMetadata().getName()), num(status.getDesiredNumberScheduled()),
                    num(status.getCurrentNumberScheduled()), num(status.getNumberReady()),
                    num(status.getUpdatedNumberScheduled()), num(status.getNumberAvailable()),
                    Formats.labels(spec.getTemplate() == null || spec.getTemplate().getSpec() == null ? null
                            : spec.getTemplate().getSpec().getNodeSelector()),
                    HumanDuration.since(ds.getMetadata().getCreationTimestamp(), now),
                    containers.get(0), containers.get(1), Formats.formatSelector(spec.getSelector()));
        }
    }

    static final class ControllerRevisionPrinter implements KindPrinter<ControllerRevision> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Controller", "Controller of the object"),
                Column.string("Revision", "Revision indicates the revision of the state represented by Data."),
                Column.age());

        @Override
        public Class<ControllerRevision> kind() {
            return ControllerRevision.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(ControllerRevision revision, Instant now) {
            return List.of(str(revision.getMetadata().getName()), controller(revision),
                    revision.getRevision() == null ? 0L : revision.getRevision(),
                    HumanDuration.since(revision.getMetadata().getCreationTimestamp(), now));
        }

        /** "statefulset.apps/web": the controller's kind.group/name in lower case, as formatResourceName. */
        private static String controller(ControllerRevision revision) {
            List<OwnerReference> refs = revision.getMetadata().getOwnerReferences();
            if (refs == null) {
                return "<none>";
            }
            for (OwnerReference ref : refs) {
                if (Boolean.TRUE.equals(ref.getController())) {
                    String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
                    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                    String kind = group.isEmpty() ? ref.getKind() : ref.getKind() + "." + group;
                    return kind.toLowerCase(Locale.ROOT) + "/" + ref.getName();
                }
            }
            return "<none>";
        }
    }
}
