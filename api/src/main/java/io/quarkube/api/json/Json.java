package io.quarkube.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The one JSON mapper configuration for API objects, shared by every component. */
public final class Json {
    /** metav1.MicroTime as Kubernetes writes it: RFC 3339 in UTC with exactly six fractional digits. */
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .registerModule(microTimes());

    private Json() {
    }

    /** metav1.Time as Kubernetes writes it: RFC 3339 in UTC, whole seconds ("2025-01-01T00:10:00Z"). */
    public static String formatTime(java.time.Instant time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * fabric8 models MicroTime fields (a Lease's acquireTime and renewTime) as ZonedDateTime, which Jackson cannot
     * handle without a module: written in Kubernetes' MicroTime format, read from any RFC 3339 time.
     */
    private static SimpleModule microTimes() {
        return new SimpleModule("quarkube-micro-time")
                .addSerializer(ZonedDateTime.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(ZonedDateTime value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString(MICRO_TIME.format(value.withZoneSameInstant(ZoneOffset.UTC)));
                    }
                })
                .addDeserializer(ZonedDateTime.class, new JsonDeserializer<>() {
                    @Override
                    public ZonedDateTime deserialize(JsonParser parser, DeserializationContext context)
                            throws IOException {
                        String text = parser.getValueAsString();
                        if (text == null || text.isEmpty()) {
                            return null;
                        }
                        try {
                            return ZonedDateTime.parse(text);
                        } catch (DateTimeException e) {
                            return (ZonedDateTime) context.handleWeirdStringValue(ZonedDateTime.class, text,
                                    "not an RFC 3339 time");
                        }
                    }
                });
    }

    /** A deep copy, so that cached objects are never mutated by the code that reads them. */
    public static <T> T copy(T value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }
}
