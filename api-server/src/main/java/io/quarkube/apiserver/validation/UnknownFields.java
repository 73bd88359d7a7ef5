package io.quarkube.apiserver.validation;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.quarkube.api.json.Json;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and drops the fields of a request body that the Kubernetes types do not have. The fabric8 model keeps
 * them in each object's additionalProperties; Kubernetes never stores them (fieldValidation decides whether they
 * are an error, a warning, or silently dropped).
 *
 * <p>Every write walks its whole body, so what Jackson's introspection tells about a model class (its properties
 * and their getters) is looked up once per class, and a field's path is only spelled out when it is unknown.
 */
public final class UnknownFields {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    /** A model class's properties (name and getter) and its additionalProperties getter (null if none). */
    private record ModelClass(List<String> names, List<AnnotatedMember> getters, Method additionalProperties) {
    }

    private static final ClassValue<ModelClass> MODEL = new ClassValue<>() {
        @Override
        protected ModelClass computeValue(Class<?> type) {
            BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(type));
            List<String> names = new ArrayList<>();
            List<AnnotatedMember> getters = new ArrayList<>();
            for (BeanPropertyDefinition property : bean.findProperties()) {
                AnnotatedMember accessor = property.getAccessor();
                if (accessor != null) {
                    names.add(property.getName());
                    getters.add(accessor);
                }
            }
            Method additional;
            try {
                additional = type.getMethod("getAdditionalProperties");
            } catch (NoSuchMethodException e) {
                additional = null;
            }
            return new ModelClass(List.copyOf(names), List.copyOf(getters), additional);
        }
    };

    /** Where a value sits, e.g. spec → containers[0] → foo; a string only when an unknown field is reported. */
    private record Path(Path parent, String segment, boolean index) {
        static final Path ROOT = new Path(null, "", false);

        Path field(String name) {
            return new Path(this, name, false);
        }

        Path element(Object key) {
            return new Path(this, "[" + key + "]", true);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return segment;
            }
            String head = parent.toString();
            return head.isEmpty() || index ? head + segment : head + "." + segment;
        }
    }

    private UnknownFields() {
    }

    /** Removes every unknown field under {@code root}; returns their paths, e.g. {@code spec.containers[0].foo}. */
    public static List<String> strip(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, Path.ROOT, found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object value, Path path, List<String> found, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path.element(i), found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path.element(k), found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        ModelClass model = MODEL.get(value.getClass());
        Map<String, Object> extra = additionalProperties(model, value);
        if (extra != null && !extra.isEmpty()) {
            extra.keySet().forEach(k -> found.add(path.field(k).toString()));
            extra.clear();
        }
        for (int i = 0; i < model.getters().size(); i++) {
            walk(model.getters().get(i).getValue(value), path.field(model.names().get(i)), found, seen);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(ModelClass model, Object value) {
        if (model.additionalProperties() == null) {
            return null;
        }
        try {
            return (Map<String, Object>) model.additionalProperties().invoke(value);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
