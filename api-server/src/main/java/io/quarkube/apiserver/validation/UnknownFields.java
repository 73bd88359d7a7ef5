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
 */
public final class UnknownFields {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    /** Removes every unknown field under {@code root}; returns their paths, e.g. {@code spec.containers[0].foo}. */
    public static List<String> strip(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        Map<String, Object> extra = additionalProperties(value);
        if (extra != null && !extra.isEmpty()) {
            extra.keySet().forEach(k -> found.add(join(path, k)));
            extra.clear();
        }
        BeanDescription bean = Json.MAPPER.getSerializationConfig()
                .introspect(Json.MAPPER.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null) {
                walk(accessor.getValue(value), join(path, property.getName()), found, seen);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            return (Map<String, Object>) getter.invoke(value);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
