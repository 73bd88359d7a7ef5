package io.quarkube.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkube.api.json.Json;

/**
 * One meta.k8s.io/v1 TableColumnDefinition. Priority 0 columns are always printed; priority 1 columns only
 * with {@code kubectl get -o wide} (the server always sends their cells, kubectl drops them).
 */
public record Column(String name, String type, String format, String description, int priority) {
    static final String NAME_DOC = "Name must be unique within a namespace. Is required when creating resources, "
            + "although some resources may allow a client to request the generation of an appropriate name "
            + "automatically. Name is primarily intended for creation idempotence and configuration definition. "
            + "Cannot be updated. More info: "
            + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATION_DOC = "CreationTimestamp is a timestamp representing the server time when this "
            + "object was created. It is not guaranteed to be set in happens-before order across separate "
            + "operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
            + "Populated by the system. Read-only. Null for lists. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    static final String CONTAINERS_DOC = "Names of each container in the template.";
    static final String IMAGES_DOC = "Images referenced by each container in the template.";

    /** The "Name" column every printer starts with (format "name" lets kubectl prefix kind/ with --show-kind). */
    static Column nameColumn() {
        return new Column("Name", "string", "name", NAME_DOC, 0);
    }

    static Column age() {
        return string("Age", CREATION_DOC);
    }

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column wide(String name, String description) {
        return new Column(name, "string", "", description, 1);
    }

    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", name);
        node.put("type", type);
        node.put("format", format);
        node.put("description", description);
        node.put("priority", priority);
        return node;
    }
}
