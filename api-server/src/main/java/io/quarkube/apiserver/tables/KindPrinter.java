package io.quarkube.apiserver.tables;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Instant;
import java.util.List;

/**
 * The columns and the cells of one kind, as a printers.go handler generates them for the server (always
 * "wide": every priority-1 cell is present, kubectl hides those columns unless -o wide).
 */
interface KindPrinter<T extends HasMetadata> {
    Class<T> kind();

    List<Column> columns();

    /** One cell per column: String, Long or Boolean, in column order. */
    List<Object> cells(T object, Instant now);

    /** Row conditions (TableRowCondition); null for none. */
    default ArrayNode conditions(T object) {
        return null;
    }
}
