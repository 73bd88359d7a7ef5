package io.quarkube.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.EventType;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * {@link ObjectStore} on PostgreSQL. Every write first locks the single `revision` row and bumps it, so
 * writes commit in resourceVersion order and the outbox never has a gap for the relay to trip over. The
 * object is serialized once; the same bytes go to the row and to the outbox (and from there to Kafka).
 */
@ApplicationScoped
public class PostgresObjectStore implements ObjectStore {
    private final Transactions tx;
    private final OutboxSignal signal;

    public PostgresObjectStore(Transactions tx, OutboxSignal signal) {
        this.tx = tx;
        this.signal = signal;
    }

    @Override
    public <T extends HasMetadata> T create(ResourceType<T> type, T object) {
        T stored = tx.write(c -> {
            long rv = nextRevision(c);
            object.getMetadata().setResourceVersion(Long.toString(rv));
            byte[] json = Json.write(object);
            try (PreparedStatement s = c.prepareStatement("insert into objects (resource, namespace, name, uid, "
                    + "resource_version, labels, node_name, phase, data) values (?,?,?,?,?,?::jsonb,?,?,?::jsonb) "
                    + "on conflict do nothing")) {
                bindRow(s, type, object, rv, json);
                if (s.executeUpdate() == 0) {
                    throw StatusException.alreadyExists(type, object.getMetadata().getName());
                }
            }
            appendOutbox(c, type, object, rv, EventType.ADDED, json);
            return object;
        });
        signal.committed();
        return stored;
    }

    @Override
    public <T extends HasMetadata> Optional<T> get(ResourceType<T> type, String namespace, String name) {
        return tx.read(c -> Optional.ofNullable(select(c, type, namespace, name, false)));
    }

    @Override
    public <T extends HasMetadata> Listing<T> list(ResourceType<T> type, String namespace) {
        return tx.read(c -> {
            long rv = currentRevision(c);
            String sql = "select data from objects where resource = ?" + (namespace == null ? "" : " and namespace = ?")
                    + " order by namespace, name";
            List<T> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, resourceName(type));
                if (namespace != null) {
                    s.setString(2, namespaceColumn(type, namespace));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        items.add(Json.read(r.getBytes(1), type.modelClass()));
                    }
                }
            }
            return new Listing<>(items, rv);
        });
    }

    @Override
    public <T extends HasMetadata> T update(ResourceType<T> type, String namespace, String name,
                                            UnaryOperator<T> change) {
        boolean[] wrote = {false};
        T result = tx.write(c -> {
            long rv = nextRevision(c);
            T current = select(c, type, namespace, name, true);
            if (current == null) {
                throw StatusException.notFound(type, name);
            }
            byte[] before = Json.write(current);
            T next = change.apply(Json.read(before, type.modelClass()));
            next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            if (Arrays.equals(before, Json.write(next))) {
                c.rollback(); // a no-op write: no new revision, no event (as Kubernetes does)
                return current;
            }
            next.getMetadata().setResourceVersion(Long.toString(rv));
            byte[] json = Json.write(next);
            if (Finalization.isFinished(next)) {
                remove(c, type, namespace, name);
                appendOutbox(c, type, next, rv, EventType.DELETED, json);
                appendOutbox(c, type, next, rv, null, null); // tombstone, so compaction can drop the key
            } else {
                try (PreparedStatement s = c.prepareStatement("update objects set resource_version = ?, "
                        + "labels = ?::jsonb, node_name = ?, phase = ?, data = ?::jsonb "
                        + "where resource = ? and namespace = ? and name = ?")) {
                    s.setLong(1, rv);
                    s.setString(2, Json.writeString(labels(next)));
                    s.setString(3, nodeName(next));
                    s.setString(4, phase(next));
                    s.setString(5, new String(json, java.nio.charset.StandardCharsets.UTF_8));
                    s.setString(6, resourceName(type));
                    s.setString(7, namespaceColumn(type, namespace));
                    s.setString(8, name);
                    s.executeUpdate();
                }
                appendOutbox(c, type, next, rv, EventType.MODIFIED, json);
            }
            wrote[0] = true;
            return next;
        });
        if (wrote[0]) {
            signal.committed();
        }
        return result;
    }

    private static void remove(Connection c, ResourceType<?> type, String namespace, String name)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "delete from objects where resource = ? and namespace = ? and name = ?")) {
            s.setString(1, resourceName(type));
            s.setString(2, namespaceColumn(type, namespace));
            s.setString(3, name);
            s.executeUpdate();
        }
    }

    @Override
    public long currentRevision() {
        return tx.read(PostgresObjectStore::currentRevision);
    }

    private static long currentRevision(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select current from revision where id = 1");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Bumps the global revision; the row lock it takes is held until commit and orders all writes. */
    private static long nextRevision(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "update revision set current = current + 1 where id = 1 returning current");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private <T extends HasMetadata> T select(Connection c, ResourceType<T> type, String namespace, String name,
                                             boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select data from objects where resource = ? and namespace = ? "
                + "and name = ?" + (forUpdate ? " for update" : ""))) {
            s.setString(1, resourceName(type));
            s.setString(2, namespaceColumn(type, namespace));
            s.setString(3, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Json.read(r.getBytes(1), type.modelClass()) : null;
            }
        }
    }

    private static <T extends HasMetadata> void bindRow(PreparedStatement s, ResourceType<T> type, T object, long rv,
                                                        byte[] json) throws SQLException {
        s.setString(1, resourceName(type));
        s.setString(2, namespaceColumn(type, object.getMetadata().getNamespace()));
        s.setString(3, object.getMetadata().getName());
        s.setObject(4, UUID.fromString(object.getMetadata().getUid()));
        s.setLong(5, rv);
        s.setString(6, Json.writeString(labels(object)));
        s.setString(7, nodeName(object));
        s.setString(8, phase(object));
        s.setString(9, new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void appendOutbox(Connection c, ResourceType<?> type, HasMetadata object, long rv,
                                     EventType event, byte[] value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into outbox (resource_version, topic, record_key, "
                + "event_type, value) values (?,?,?,?,?)")) {
            s.setLong(1, rv);
            s.setString(2, type.topic());
            s.setString(3, ObjectKey.of(object).toString());
            s.setString(4, event == null ? "TOMBSTONE" : event.name());
            if (value == null) {
                s.setNull(5, Types.BINARY);
            } else {
                s.setBytes(5, value);
            }
            s.executeUpdate();
        }
    }

    private static String resourceName(ResourceType<?> type) {
        return type.qualifiedPlural();
    }

    private static String namespaceColumn(ResourceType<?> type, String namespace) {
        return type.namespaced() && namespace != null ? namespace : "";
    }

    private static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static String nodeName(HasMetadata object) {
        return object instanceof Pod pod && pod.getSpec() != null ? pod.getSpec().getNodeName() : null;
    }

    private static String phase(HasMetadata object) {
        return object instanceof Pod pod && pod.getStatus() != null ? pod.getStatus().getPhase() : null;
    }
}
