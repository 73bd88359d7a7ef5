package io.quarkube.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * {@link ObjectStore} on PostgreSQL. Every write bumps the single `revision` row inside the statement that stores
 * the object (see {@link WriteStatements}), so writes commit in resourceVersion order and the outbox never has a
 * gap for the relay to trip over. The object is serialized once; the same bytes go to the row and to the outbox
 * (and from there to Kafka). Updates are optimistic: read, compute the change, store it only if the row still has
 * the version that was read, else read again and retry (the change function may thus run more than once).
 */
@ApplicationScoped
public class PostgresObjectStore implements ObjectStore {
    /** Stands for the resourceVersion in the JSON until the statement knows it; unguessable, so no user data has it. */
    private static final String RV_PLACEHOLDER = "@@quarkube-rv-" + UUID.randomUUID().toString().replace("-", "") + "@@";
    private static final int MAX_ATTEMPTS = 1_000;

    private final Transactions tx;
    private final OutboxSignal signal;

    public PostgresObjectStore(Transactions tx, OutboxSignal signal) {
        this.tx = tx;
        this.signal = signal;
    }

    @Override
    public <T extends HasMetadata> T create(ResourceType<T> type, T object) {
        object.getMetadata().setResourceVersion(RV_PLACEHOLDER);
        String json = new String(Json.write(object), StandardCharsets.UTF_8);
        object.getMetadata().setResourceVersion(null);
        Long rv = tx.statement(c -> {
            try (PreparedStatement s = c.prepareStatement(WriteStatements.CREATE)) {
                s.setString(1, json);
                s.setString(2, RV_PLACEHOLDER);
                s.setString(3, resourceName(type));
                s.setString(4, namespaceColumn(type, object.getMetadata().getNamespace()));
                s.setString(5, object.getMetadata().getName());
                s.setObject(6, UUID.fromString(object.getMetadata().getUid()));
                s.setString(7, Json.writeString(labels(object)));
                s.setString(8, nodeName(object));
                s.setString(9, phase(object));
                s.setString(10, type.topic());
                s.setString(11, ObjectKey.of(object).toString());
                return firstLong(s);
            }
        });
        if (rv == null) {
            throw StatusException.alreadyExists(type, object.getMetadata().getName());
        }
        object.getMetadata().setResourceVersion(Long.toString(rv));
        signal.committed();
        return object;
    }

    @Override
    public <T extends HasMetadata> Optional<T> get(ResourceType<T> type, String namespace, String name) {
        return Optional.ofNullable(tx.statement(c -> select(c, type, namespace, name))).map(b -> Json.read(b,
                type.modelClass()));
    }

    /** One statement, so the revision and the rows are read in one snapshot. */
    @Override
    public <T extends HasMetadata> Listing<T> list(ResourceType<T> type, String namespace) {
        return tx.statement(c -> {
            String sql = "select r.current, o.data from revision r left join objects o on o.resource = ?"
                    + (namespace == null ? "" : " and o.namespace = ?") + " where r.id = 1 order by o.namespace, o.name";
            List<T> items = new ArrayList<>();
            long rv = 0;
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, resourceName(type));
                if (namespace != null) {
                    s.setString(2, namespaceColumn(type, namespace));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rv = r.getLong(1);
                        byte[] data = r.getBytes(2);
                        if (data != null) {
                            items.add(Json.read(data, type.modelClass()));
                        }
                    }
                }
            }
            return new Listing<>(items, rv);
        });
    }

    @Override
    public <T extends HasMetadata> T update(ResourceType<T> type, String namespace, String name,
                                            UnaryOperator<T> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            byte[] stored = tx.statement(c -> select(c, type, namespace, name));
            if (stored == null) {
                throw StatusException.notFound(type, name);
            }
            T current = Json.read(stored, type.modelClass());
            String currentVersion = current.getMetadata().getResourceVersion();
            byte[] before = Json.write(current);
            T next = change.apply(Json.read(before, type.modelClass()));
            // the change may return an object of the caller (a PUT's body): put back what this method sets in it
            String requestedVersion = next.getMetadata().getResourceVersion();
            next.getMetadata().setResourceVersion(RV_PLACEHOLDER);
            String json = new String(Json.write(next), StandardCharsets.UTF_8);
            // the same JSON with the current version in the placeholder's place: what Json.write would give
            if (Arrays.equals(before, json.replace(RV_PLACEHOLDER, currentVersion).getBytes(StandardCharsets.UTF_8))) {
                next.getMetadata().setResourceVersion(requestedVersion);
                return current; // a no-op write: no new revision, no event (as Kubernetes does)
            }
            long expected = Long.parseLong(currentVersion);
            Long rv = tx.statement(c -> Finalization.isFinished(next)
                    ? remove(c, type, namespace, name, expected, json, next)
                    : store(c, type, namespace, name, expected, json, next));
            if (rv != null) {
                next.getMetadata().setResourceVersion(Long.toString(rv));
                signal.committed();
                return next;
            }
            next.getMetadata().setResourceVersion(requestedVersion); // changed meanwhile: read it again
        }
        throw StatusException.conflict(type, name, "the object kept changing while it was being updated; "
                + "please apply your changes to the latest version and try again");
    }

    private static <T extends HasMetadata> Long store(Connection c, ResourceType<T> type, String namespace, String name,
                                                      long expected, String json, T next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(WriteStatements.UPDATE)) {
            s.setString(1, json);
            s.setString(2, RV_PLACEHOLDER);
            s.setString(3, Json.writeString(labels(next)));
            s.setString(4, nodeName(next));
            s.setString(5, phase(next));
            s.setString(6, resourceName(type));
            s.setString(7, namespaceColumn(type, namespace));
            s.setString(8, name);
            s.setLong(9, expected);
            s.setString(10, type.topic());
            s.setString(11, ObjectKey.of(next).toString());
            return firstLong(s);
        }
    }

    private static <T extends HasMetadata> Long remove(Connection c, ResourceType<T> type, String namespace,
                                                       String name, long expected, String json, T next)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(WriteStatements.DELETE)) {
            s.setString(1, json);
            s.setString(2, RV_PLACEHOLDER);
            s.setString(3, resourceName(type));
            s.setString(4, namespaceColumn(type, namespace));
            s.setString(5, name);
            s.setLong(6, expected);
            s.setString(7, type.topic());
            s.setString(8, ObjectKey.of(next).toString());
            return firstLong(s);
        }
    }

    @Override
    public long currentRevision() {
        return tx.statement(c -> {
            try (PreparedStatement s = c.prepareStatement("select current from revision where id = 1");
                 ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static Long firstLong(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : null;
        }
    }

    private static <T extends HasMetadata> byte[] select(Connection c, ResourceType<T> type, String namespace,
                                                         String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select data from objects where resource = ? and namespace = ? and name = ?")) {
            s.setString(1, resourceName(type));
            s.setString(2, namespaceColumn(type, namespace));
            s.setString(3, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
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
