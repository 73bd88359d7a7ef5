package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.quarkube.apiserver.tables.Formats.str;

/** core/v1 Events as printers.go printEvent shows them: LAST SEEN, TYPE, REASON, OBJECT (kind/name), MESSAGE. */
final class EventPrinter implements KindPrinter<Event> {
    private static final List<Column> COLUMNS = List.of(
            Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.string("Reason", "This should be a short, machine understandable string that gives the "
                    + "reason for the transition into the object's current status."),
            Column.string("Object", "The object that this event is about."),
            Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this "
                    + "string should contain a valid JSON/Go field access statement, such as "
                    + "desiredState.manifest.containers[2]."),
            Column.wide("Source", "The component reporting this event. Should be a short machine "
                    + "understandable string."),
            Column.string("Message", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "The time at which the event was first recorded. (Time of server "
                    + "receipt is in TypeMeta.)"),
            Column.wide("Count", "The number of times this event has occurred."),
            new Column("Name", "string", "name", Column.NAME_DOC, 1));

    @Override
    public Class<Event> kind() {
        return Event.class;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Event event, Instant now) {
        String firstSeen = HumanDuration.parse(event.getFirstTimestamp()) != null
                ? HumanDuration.since(event.getFirstTimestamp(), now) : HumanDuration.since(micro(event.getEventTime()), now);
        String lastSeen = HumanDuration.parse(event.getLastTimestamp()) != null
                ? HumanDuration.since(event.getLastTimestamp(), now) : firstSeen;
        long count = event.getCount() == null ? 0 : event.getCount();
        if (event.getSeries() != null) {
            lastSeen = HumanDuration.since(micro(event.getSeries().getLastObservedTime()), now);
            count = event.getSeries().getCount() == null ? 0 : event.getSeries().getCount();
        } else if (count == 0) {
            count = 1; // singleton events of the events.k8s.io API carry no count
        }
        ObjectReference involved = event.getInvolvedObject() == null ? new ObjectReference() : event.getInvolvedObject();
        String kind = str(involved.getKind()).toLowerCase(Locale.ROOT);
        String target = str(involved.getName()).isEmpty() ? kind : kind + "/" + involved.getName();
        return List.of(lastSeen, str(event.getType()), str(event.getReason()), target, str(involved.getFieldPath()),
                source(event), str(event.getMessage()).strip(), firstSeen, count, str(event.getMetadata().getName()));
    }

    /** "component, host", falling back to reportingController / reportingInstance. */
    private static String source(Event event) {
        EventSource source = event.getSource() == null ? new EventSource() : event.getSource();
        String component = firstNonEmpty(source.getComponent(), event.getReportingComponent());
        String instance = firstNonEmpty(source.getHost(), event.getReportingInstance());
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String first, String second) {
        return first != null && !first.isEmpty() ? first : str(second);
    }

    private static Instant micro(MicroTime time) {
        return time == null ? null : HumanDuration.parse(time.getTime());
    }
}
