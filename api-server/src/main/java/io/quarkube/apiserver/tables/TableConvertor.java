package io.quarkube.apiserver.tables;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Server-side printing: turns objects into meta.k8s.io Tables with the columns kubectl shows for each kind
 * (kubectl 1.32 has no built-in columns; without a Table it prints only NAME and AGE). Rows carry
 * PartialObjectMetadata so that {@code -A}, {@code -L} and {@code --show-labels} work, or the whole object with
 * {@code includeObject=Object}.
 */
@ApplicationScoped
public class TableConvertor {
    private static final KindPrinter<HasMetadata> DEFAULT = new CorePrinters.DefaultPrinter();
    private static final Map<Class<?>, KindPrinter<?>> PRINTERS = Stream.of(
            new PodPrinter(), new CorePrinters.NodePrinter(), new CorePrinters.NamespacePrinter(),
            new EventPrinter(), new CorePrinters.PersistentVolumeClaimPrinter(), new CorePrinters.LeasePrinter(),
            new AppsPrinters.DeploymentPrinter(), new AppsPrinters.ReplicaSetPrinter(),
            new AppsPrinters.StatefulSetPrinter(), new AppsPrinters.DaemonSetPrinter(),
            new AppsPrinters.ControllerRevisionPrinter(),
            new BatchPrinters.JobPrinter(), new BatchPrinters.CronJobPrinter())
            .collect(Collectors.toUnmodifiableMap(KindPrinter::kind, Function.identity()));

    private final Clock clock;

    public TableConvertor() {
        this(Clock.systemUTC());
    }

    TableConvertor(Clock clock) {
        this.clock = clock;
    }

    /** The Table of a list response: the list's resourceVersion and continue token, one row per item. */
    public <T extends HasMetadata> ObjectNode list(ResourceType<T> type, List<T> items, String resourceVersion,
                                                   String continueToken, TableFormat format) {
        KindPrinter<T> printer = printer(type.modelClass());
        ObjectNode table = table(format, resourceVersion, continueToken, printer);
        ArrayNode rows = table.putArray("rows");
        Instant now = clock.instant();
        for (T item : items) {
            rows.add(row(printer, item, now, format));
        }
        return table;
    }

    /** The Table of a GET of one object: its columns and a single row; metadata.resourceVersion is the object's. */
    public ObjectNode object(HasMetadata object, TableFormat format) {
        return oneRow(object, true, format);
    }

    /**
     * A one-row Table for a watch event. Only the first event of a watch carries the columnDefinitions (kubectl
     * reuses them for the rest). includeObject false = PartialObjectMetadata.
     */
    public ObjectNode row(HasMetadata object, boolean withColumnDefinitions, boolean includeObject) {
        return oneRow(object, withColumnDefinitions, TableFormat.v1(includeObject));
    }

    /** As {@link #row(HasMetadata, boolean, boolean)}, in the negotiated format (v1 or v1beta1, includeObject). */
    public ObjectNode row(HasMetadata object, boolean withColumnDefinitions, TableFormat format) {
        return oneRow(object, withColumnDefinitions, format);
    }

    private ObjectNode oneRow(HasMetadata object, boolean withColumnDefinitions, TableFormat format) {
        KindPrinter<HasMetadata> printer = printer(object.getClass());
        ObjectNode table = table(format, object.getMetadata().getResourceVersion(), null,
                withColumnDefinitions ? printer : null);
        table.putArray("rows").add(row(printer, object, clock.instant(), format));
        return table;
    }

    private static ObjectNode table(TableFormat format, String resourceVersion, String continueToken,
                                    KindPrinter<?> columnsOf) {
        ObjectNode table = Json.MAPPER.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", format.apiVersion());
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null && !continueToken.isEmpty()) {
            metadata.put("continue", continueToken);
        }
        if (columnsOf != null) {
            ArrayNode columns = table.putArray("columnDefinitions");
            columnsOf.columns().forEach(c -> columns.add(c.toJson()));
        }
        return table;
    }

    private static <T extends HasMetadata> ObjectNode row(KindPrinter<T> printer, T object, Instant now,
                                                          TableFormat format) {
        ObjectNode row = Json.MAPPER.createObjectNode();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printer.cells(object, now)) {
            cells.add(Json.MAPPER.<com.fasterxml.jackson.databind.JsonNode>valueToTree(cell));
        }
        ArrayNode conditions = printer.conditions(object);
        if (conditions != null) {
            row.set("conditions", conditions);
        }
        switch (format.includeObject()) {
            case NONE -> row.putNull("object");
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", format.apiVersion());
                partial.set("metadata", Json.MAPPER.valueToTree(object.getMetadata()));
            }
            case OBJECT -> row.set("object", fullObject(object));
        }
        return row;
    }

    /** The object as its own API serves it, kind and apiVersion included. */
    private static ObjectNode fullObject(HasMetadata object) {
        ObjectNode json = Json.MAPPER.valueToTree(object);
        Resources.ALL.stream().filter(t -> t.modelClass().isInstance(object)).findFirst().ifPresent(t -> {
            json.put("kind", t.kind());
            json.put("apiVersion", t.apiVersion());
        });
        return json;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> KindPrinter<T> printer(Class<?> kind) {
        KindPrinter<?> printer = PRINTERS.get(kind);
        return (KindPrinter<T>) (printer == null ? DEFAULT : printer);
    }
}
