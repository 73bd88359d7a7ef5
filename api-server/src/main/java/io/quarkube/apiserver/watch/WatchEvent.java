package io.quarkube.apiserver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One committed change of one object, as the watch cache keeps it: the object after the change (for DELETED,
 * its last state with the deletion's resourceVersion) and the object before it (null for ADDED), so a watcher
 * can tell when an object enters or leaves its selector.
 */
public record WatchEvent(Type type, HasMetadata object, HasMetadata previous, long resourceVersion) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }
}
