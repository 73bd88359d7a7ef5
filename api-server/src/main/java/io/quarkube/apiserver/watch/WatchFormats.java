package io.quarkube.apiserver.watch;

import io.quarkube.api.json.Json;
import io.quarkube.apiserver.tables.TableConvertor;
import io.quarkube.apiserver.tables.TableFormat;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * How a watch renders objects: as themselves, or — kubectl get -w asks with a Table Accept header — as one-row
 * Tables where only the first event carries the column definitions (apiserver's watch encoder does the same).
 */
@ApplicationScoped
public class WatchFormats {
    private final TableConvertor tables;

    public WatchFormats(TableConvertor tables) {
        this.tables = tables;
    }

    Watcher.Format forRequest(String accept, String includeObject) {
        Optional<TableFormat> table = TableFormat.negotiate(accept, includeObject);
        if (table.isPresent()) {
            TableFormat format = table.get();
            return (object, first) -> tables.row(object, first, format);
        }
        return (object, first) -> Json.MAPPER.valueToTree(object);
    }
}
