package io.quarkube.loadtest;

import io.quarkube.api.json.Json;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The final report: aligned text lines for the terminal (and report.txt), the same figures as report.json. Each
 * {@link #line} has a label, a human text, and optionally named numbers for the JSON.
 */
final class Report {
    private final String title;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();

    Report(String title) {
        this.title = title;
    }

    Report line(String label, String text) {
        lines.add(String.format(Locale.ROOT, "%-26s %s", label, text));
        return this;
    }

    /** An indented continuation line. */
    Report detail(String text) {
        lines.add("  " + text);
        return this;
    }

    Report value(String key, Object value) {
        json.put(key, value instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : value);
        return this;
    }

    /** p50/p90/p99/max of a histogram (in {@code unit}s of the recorded values) for the JSON. */
    Report percentiles(String key, Histogram h, double divisor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            p.put("p50", h.getValueAtPercentile(50) / divisor);
            p.put("p90", h.getValueAtPercentile(90) / divisor);
            p.put("p99", h.getValueAtPercentile(99) / divisor);
            p.put("max", h.getMaxValue() / divisor);
        }
        json.put(key, p);
        return this;
    }

    /** "p50 1.2 s  p99 3.4 s  max 5.0 s" of a histogram of µs (or ms with divisor 1e3), or "none". */
    static String spread(Histogram h, double toSeconds) {
        if (h.getTotalCount() == 0) {
            return "none observed";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  max %s  (n=%d)",
                seconds(h.getValueAtPercentile(50) / toSeconds), seconds(h.getValueAtPercentile(90) / toSeconds),
                seconds(h.getValueAtPercentile(99) / toSeconds), seconds(h.getMaxValue() / toSeconds),
                h.getTotalCount());
    }

    static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "n/a";
        }
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    static String mib(double bytes) {
        return Double.isNaN(bytes) || bytes <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576);
    }

    /** A count: 12,345. */
    static String count(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%,.0f", d);
    }

    static String num(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, d >= 100 ? "%,.0f" : "%.2f", d);
    }

    String text() {
        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(Math.max(20, title.length() + 10));
        b.append(rule).append('\n').append("     ").append(title).append('\n').append(rule).append('\n');
        lines.forEach(l -> b.append(l).append('\n'));
        b.append(rule).append('\n');
        return b.toString();
    }

    void print(PrintStream out) {
        out.print(text());
        out.flush();
    }

    /** report.txt and report.json in the data directory. */
    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.txt"), text(), StandardCharsets.UTF_8);
            Files.write(dir.resolve("report.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    Map<String, Object> json() {
        return json;
    }
}
