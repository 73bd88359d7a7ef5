package io.quarkube.apiserver.tables;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Ages as kubectl prints them: apimachinery {@code duration.HumanDuration} ("5s", "2m30s", "4h", "5d3h", "2y1d")
 * and printers.go {@code translateTimestampSince} ("&lt;unknown&gt;" for a missing timestamp).
 */
public final class HumanDuration {
    static final String UNKNOWN = "<unknown>";

    private HumanDuration() {
    }

    /** The time since an RFC 3339 timestamp; "&lt;unknown&gt;" when it is missing or unreadable. */
    public static String since(String timestamp, Instant now) {
        Instant then = parse(timestamp);
        return then == null ? UNKNOWN : format(Duration.between(then, now));
    }

    public static String since(Instant then, Instant now) {
        return then == null ? UNKNOWN : format(Duration.between(then, now));
    }

    /** RFC 3339 (with or without fractional seconds, any offset); null when absent or malformed. */
    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** ~2-3 significant figures; tolerates up to 2 s of clock skew as "0s", beyond that "&lt;invalid&gt;". */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 0 && d.getNano() > 0) {
            seconds++; // Go truncates toward zero; Duration.getSeconds() floors
        }
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
