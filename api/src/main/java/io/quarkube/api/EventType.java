package io.quarkube.api;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The change a Kafka record carries, in the record header {@value #HEADER}. The record value is the whole
 * object after the change (for DELETED: its last state); a null value is the tombstone that follows a delete
 * so that compaction can drop the key.
 */
public enum EventType {
    ADDED, MODIFIED, DELETED;

    public static final String HEADER = "quarkube.event";

    public byte[] headerValue() {
        return name().getBytes(StandardCharsets.US_ASCII);
    }

    public static EventType from(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null ? null : valueOf(new String(header.value(), StandardCharsets.US_ASCII));
    }
}
