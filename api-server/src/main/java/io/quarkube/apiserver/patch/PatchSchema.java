package io.quarkube.apiserver.patch;

import java.util.HashMap;
import java.util.Map;

/**
 * The strategic-merge metadata of one Go struct type: for each field, its {@code patchStrategy} and
 * {@code patchMergeKey} tags and the schema of its value (or of its elements, for a list). A field not listed
 * gets the defaults: objects merge key by key, lists are replaced wholesale.
 */
public final class PatchSchema {
    /** A type without strategic-merge tags below it (maps of strings, most structs). */
    public static final PatchSchema ANY = new PatchSchema(Map.of());
    private static final Field PLAIN = new Field(Strategy.DEFAULT, null, ANY);

    /** DEFAULT: maps merge, lists replace. MERGE: lists merge by key (maps) or as a set (primitives). */
    public enum Strategy { DEFAULT, MERGE, REPLACE }

    public record Field(Strategy strategy, String mergeKey, PatchSchema type) {
        public boolean merges() {
            return strategy == Strategy.MERGE;
        }
    }

    private final Map<String, Field> fields;

    private PatchSchema(Map<String, Field> fields) {
        this.fields = fields;
    }

    public Field field(String name) {
        return fields.getOrDefault(name, PLAIN);
    }

    /** A struct from alternating field names and either a {@link Field} or the nested {@link PatchSchema}. */
    static PatchSchema struct(Object... namesAndFields) {
        Map<String, Field> fields = new HashMap<>();
        for (int i = 0; i < namesAndFields.length; i += 2) {
            Object value = namesAndFields[i + 1];
            fields.put((String) namesAndFields[i], value instanceof Field f ? f
                    : new Field(Strategy.DEFAULT, null, (PatchSchema) value));
        }
        return new PatchSchema(Map.copyOf(fields));
    }

    /** {@code patchStrategy:"merge" patchMergeKey:"<key>"} on a list of structs. */
    static Field mergeBy(String key, PatchSchema element) {
        return new Field(Strategy.MERGE, key, element);
    }

    static Field mergeBy(String key) {
        return mergeBy(key, ANY);
    }

    /** {@code patchStrategy:"merge"} on a list of primitives: a set union. */
    static Field set() {
        return new Field(Strategy.MERGE, null, ANY);
    }
}
