package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.quarkube.apiserver.tables.Formats.NONE;
import static io.quarkube.apiserver.tables.Formats.list;
import static io.quarkube.apiserver.tables.Formats.str;

/** Nodes, Namespaces, PersistentVolumeClaims, Leases, and the default Name/Created At table. */
final class CorePrinters {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";
    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private CorePrinters() {
    }

    static final class NodePrinter implements KindPrinter<Node> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Status", "The status of the node"),
                Column.string("Roles", "The roles of the node"),
                Column.age(),
                Column.string("Version", "Kubelet Version reported by the node."),
                Column.wide("Internal-IP", "List of addresses reachable to the node."),
                Column.wide("External-IP", "List of addresses reachable to the node."),
                Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian "
                        + "GNU/Linux 7 (wheezy))."),
                Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. "
                        + "3.16.0-0.bpo.4-amd64)."),
                Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through "
                        + "runtime remote API (e.g. containerd://1.4.2)."));

        @Override
        public Class<Node> kind() {
            return Node.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(Node node, Instant now) {
            List<String> status = new ArrayList<>();
            List<NodeCondition> conditions = node.getStatus() == null ? List.of()
                    : list(node.getStatus().getConditions());
            // the last Ready condition wins, as upstream's condition map does
            NodeCondition ready = null;
            for (NodeCondition c : conditions) {
                if ("Ready".equals(c.getType())) {
                    ready = c;
                }
            }
            status.add(ready == null ? "Unknown" : "True".equals(ready.getStatus()) ? "Ready" : "NotReady");
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                status.add("SchedulingDisabled");
            }
            String roles = String.join(",", roles(node.getMetadata().getLabels()));
            NodeSystemInfo info = node.getStatus() == null || node.getStatus().getNodeInfo() == null
                    ? new NodeSystemInfo() : node.getStatus().getNodeInfo();
            return List.of(str(node.getMetadata().getName()), String.join(",", status),
                    roles.isEmpty() ? NONE : roles,
                    HumanDuration.since(node.getMetadata().getCreationTimestamp(), now),
                    str(info.getKubeletVersion()), address(node, "InternalIP"), address(node, "ExternalIP"),
                    orUnknown(info.getOsImage()), orUnknown(info.getKernelVersion()),
                    orUnknown(info.getContainerRuntimeVersion()));
        }

        /** node-role.kubernetes.io/&lt;role&gt; label keys and kubernetes.io/role values, sorted. */
        static List<String> roles(Map<String, String> labels) {
            TreeSet<String> roles = new TreeSet<>();
            if (labels != null) {
                labels.forEach((k, v) -> {
                    if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
                        roles.add(k.substring(ROLE_PREFIX.length()));
                    } else if (k.equals(ROLE_LABEL) && v != null && !v.isEmpty()) {
                        roles.add(v);
                    }
                });
            }
            return List.copyOf(roles);
        }

        private static String address(Node node, String type) {
            List<NodeAddress> addresses = node.getStatus() == null ? List.of() : list(node.getStatus().getAddresses());
            return addresses.stream().filter(a -> type.equals(a.getType())).map(NodeAddress::getAddress)
                    .findFirst().orElse(NONE);
        }

        private static String orUnknown(String value) {
            return value == null || value.isEmpty() ? HumanDuration.UNKNOWN : value;
        }
    }

    static final class NamespacePrinter implements KindPrinter<Namespace> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Status", "The status of the namespace"), Column.age());

        @Override
        public Class<Namespace> kind() {
            return Namespace.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(Namespace ns, Instant now) {
            return List.of(str(ns.getMetadata().getName()), ns.getStatus() == null ? "" : str(ns.getStatus().getPhase()),
                    HumanDuration.since(ns.getMetadata().getCreationTimestamp(), now));
        }
    }

    static final class PersistentVolumeClaimPrinter implements KindPrinter<PersistentVolumeClaim> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Status", "phase represents the current phase of PersistentVolumeClaim."),
                Column.string("Volume", "volumeName is the binding reference to the PersistentVolume backing "
                        + "this claim."),
                Column.string("Capacity", "capacity represents the actual resources of the underlying volume."),
                Column.string("Access Modes", "accessModes contains the actual access modes the volume backing "
                        + "the PVC has."),
                Column.string("StorageClass", "StorageClass of the pvc"),
                Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                Column.age(),
                Column.wide("VolumeMode", "volumeMode defines what type of volume is required by the claim."));

        @Override
        public Class<PersistentVolumeClaim> kind() {
            return PersistentVolumeClaim.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(PersistentVolumeClaim pvc, Instant now) {
            PersistentVolumeClaimSpec spec = pvc.getSpec() == null ? new PersistentVolumeClaimSpec() : pvc.getSpec();
            PersistentVolumeClaimStatus status = pvc.getStatus() == null ? new PersistentVolumeClaimStatus()
                    : pvc.getStatus();
            String phase = pvc.getMetadata().getDeletionTimestamp() != null ? "Terminating" : str(status.getPhase());
            String capacity = "";
            String accessModes = "";
            // capacity and modes are those of the bound volume, so only shown once bound
            if (spec.getVolumeName() != null && !spec.getVolumeName().isEmpty()) {
                accessModes = Formats.accessModes(status.getAccessModes());
                Quantity storage = status.getCapacity() == null ? null : status.getCapacity().get("storage");
                capacity = storage == null ? "0" : storage.toString();
            }
            Map<String, String> annotations = pvc.getMetadata().getAnnotations();
            String storageClass = annotations != null && annotations.containsKey(BETA_STORAGE_CLASS)
                    ? annotations.get(BETA_STORAGE_CLASS) : str(spec.getStorageClassName());
            return List.of(str(pvc.getMetadata().getName()), phase, str(spec.getVolumeName()), capacity, accessModes,
                    storageClass, unset(spec.getVolumeAttributesClassName()),
                    HumanDuration.since(pvc.getMetadata().getCreationTimestamp(), now),
                    unset(spec.getVolumeMode()));
        }

        private static String unset(String value) {
            return value == null ? "<unset>" : value;
        }
    }

    static final class LeasePrinter implements KindPrinter<Lease> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Holder", "holderIdentity contains the identity of the holder of a current lease."),
                Column.age());

        @Override
        public Class<Lease> kind() {
            return Lease.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(Lease lease, Instant now) {
            return List.of(str(lease.getMetadata().getName()),
                    lease.getSpec() == null ? "" : str(lease.getSpec().getHolderIdentity()),
                    HumanDuration.since(lease.getMetadata().getCreationTimestamp(), now));
        }
    }

    /** rest.NewDefaultTableConvertor: Name and "Created At" (RFC 3339, UTC) for kinds without a printer. */
    static final class DefaultPrinter implements KindPrinter<HasMetadata> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                new Column("Created At", "date", "", Column.CREATION_DOC, 0));
        private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
                .withZone(ZoneOffset.UTC);

        @Override
        public Class<HasMetadata> kind() {
            return HasMetadata.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(HasMetadata object, Instant now) {
            Instant created = HumanDuration.parse(object.getMetadata().getCreationTimestamp());
            // Go formats the zero time when the timestamp is unset
            return List.of(str(object.getMetadata().getName()),
                    RFC3339.format(created == null ? Instant.parse("0001-01-01T00:00:00Z") : created));
        }
    }
}
