package io.quarkube.apiserver.validation;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** Label and annotation rules of apimachinery (ValidateLabels, ValidateAnnotations, IsQualifiedName). */
public final class MetadataRules {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String NAME_RULE = "name part must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
            + "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
            + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private MetadataRules() {
    }

    public static void validateLabels(Map<String, String> labels, String path, FieldErrors errors) {
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> {
            validateQualifiedName(key, path, errors);
            if (value != null && !value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
                errors.invalid(path, value, value.length() > 63 ? "must be no more than 63 characters" : VALUE_RULE);
            }
        });
    }

    public static void validateAnnotations(Map<String, String> annotations, String path, FieldErrors errors) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            validateQualifiedName(e.getKey().toLowerCase(), path, errors);
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length);
        }
        if (total > ANNOTATIONS_MAX_BYTES) {
            errors.tooLong(path, ANNOTATIONS_MAX_BYTES);
        }
    }

    /** A key like {@code app} or {@code example.com/app}: optional DNS subdomain prefix, 63-character name. */
    static void validateQualifiedName(String key, String path, FieldErrors errors) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || !Names.isSubdomain(prefix)) {
                errors.invalid(path, key, "prefix part " + Names.SUBDOMAIN_RULE);
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            errors.invalid(path, key, name.length() > 63 ? "name part must be no more than 63 characters" : NAME_RULE);
        }
    }
}
