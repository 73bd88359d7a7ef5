package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkube.apiserver.errors.StatusException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helpers: JSON written with single quotes, and assertions on Status errors. */
final class Trees {
    private static final ObjectMapper LENIENT = new ObjectMapper().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

    private Trees() {
    }

    static JsonNode json(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    /** Asserts equal JSON, showing both documents when they differ. */
    static void assertJson(String expected, JsonNode actual) {
        assertEquals(json(expected), actual);
    }

    static StatusException assertStatus(int code, String reason, Executable call) {
        StatusException e = assertThrows(StatusException.class, call);
        assertEquals(code, e.code(), () -> "status " + e.status());
        assertEquals(reason, e.status().getReason(), () -> "status " + e.status());
        return e;
    }
}
