package io.quarkube.apiserver.validation;

import java.util.regex.Pattern;

/** Kubernetes name rules (apimachinery pkg/util/validation). */
public final class Names {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
            + "(e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    public static final String LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private Names() {
    }

    public static boolean isSubdomain(String name) {
        return name != null && name.length() <= 253 && DNS1123_SUBDOMAIN.matcher(name).matches();
    }

    public static boolean isLabel(String name) {
        return name != null && name.length() <= 63 && DNS1123_LABEL.matcher(name).matches();
    }

    /** Adds the errors of an object or container name to {@code errors}. */
    public static void checkSubdomain(FieldErrors errors, String field, String name) {
        if (name == null || name.isEmpty()) {
            errors.required(field);
        } else if (name.length() > 253) {
            errors.tooLong(field, 253);
        } else if (!isSubdomain(name)) {
            errors.invalid(field, name, SUBDOMAIN_RULE);
        }
    }

    public static void checkLabel(FieldErrors errors, String field, String name) {
        if (name == null || name.isEmpty()) {
            errors.required(field);
        } else if (name.length() > 63) {
            errors.invalid(field, name, "must be no more than 63 characters");
        } else if (!isLabel(name)) {
            errors.invalid(field, name, LABEL_RULE);
        }
    }
}
