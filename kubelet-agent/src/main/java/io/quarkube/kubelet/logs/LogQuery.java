package io.quarkube.kubelet.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** The query of a log request (PodLogOptions as query parameters), checked as the api-server checks it. */
final class LogQuery {
    private LogQuery() {
    }

    static LogOptions parse(Function<String, String> param, Instant now) {
        Long tailLines = number(param, "tailLines");
        Long limitBytes = number(param, "limitBytes");
        Long sinceSeconds = number(param, "sinceSeconds");
        String sinceTime = param.apply("sinceTime");
        if (tailLines != null && tailLines < 0) {
            throw LogRequestException.badRequest("tailLines: Invalid value: " + tailLines
                    + ": must be greater than or equal to 0");
        }
        if (limitBytes != null && limitBytes < 1) {
            throw LogRequestException.badRequest("limitBytes: Invalid value: " + limitBytes + ": must be greater than 0");
        }
        if (sinceSeconds != null && sinceTime != null) {
            throw LogRequestException.badRequest("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        if (sinceSeconds != null && sinceSeconds < 1) {
            throw LogRequestException.badRequest("sinceSeconds: Invalid value: " + sinceSeconds
                    + ": must be greater than 0");
        }
        Instant since = sinceSeconds != null ? now.minusSeconds(sinceSeconds) : time(sinceTime);
        return new LogOptions(tailLines == null ? null : (int) Math.min(tailLines, Integer.MAX_VALUE), limitBytes,
                since, flag(param, "timestamps"), flag(param, "follow"), flag(param, "previous"));
    }

    private static Long number(Function<String, String> param, String name) {
        String value = param.apply(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw LogRequestException.badRequest(name + ": invalid value \"" + value + "\": not an integer");
        }
    }

    private static Instant time(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw LogRequestException.badRequest("sinceTime: invalid value \"" + value + "\": not an RFC 3339 time");
        }
    }

    /** As Kubernetes converts a query flag: present means true unless it says false or 0. */
    private static boolean flag(Function<String, String> param, String name) {
        String value = param.apply(name);
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !v.equals("false") && !v.equals("0");
    }
}
