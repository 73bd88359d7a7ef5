package io.quarkube.apiserver.storage;

/** An object as the store returns it: its JSON (with metadata.resourceVersion set) and its revision. */
public record StoredObject(byte[] json, long resourceVersion) {
}
