package io.quarkube.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One scrape of a Prometheus text exposition ({@code /q/metrics}): samples with their labels, and the sums,
 * differences and histogram quantiles the report needs.
 */
final class PromText {
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    private final List<Sample> samples;

    private PromText(List<Sample> samples) {
        this.samples = samples;
    }

    static PromText empty() {
        return new PromText(List.of());
    }

    static PromText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample s = parseLine(line);
            if (s != null) {
                samples.add(s);
            }
        }
        return new PromText(samples);
    }

    private static Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (i < line.length() && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).trim();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                while (j < line.length() && line.charAt(j) != '"') {
                    char ch = line.charAt(j);
                    if (ch == '\\' && j + 1 < line.length()) {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(ch);
                    }
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                    i++;
                }
            }
            rest = line.substring(Math.min(i + 1, line.length())).trim();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).trim();
        }
        String number = rest.split("\\s+")[0];
        try {
            return new Sample(name, Collections.unmodifiableMap(labels), parseValue(number));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    double sum(String name, Predicate<Sample> filter) {
        return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).mapToDouble(Sample::value).sum();
    }

    double sum(String name) {
        return sum(name, s -> true);
    }

    /** The highest value of a gauge (e.g. a histogram's _max) over its series, or NaN when absent. */
    double max(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).max().orElse(Double.NaN);
    }

    /**
     * A histogram's cumulative buckets ({@code <name>_bucket}, summed over series), upper bound → count, minus the
     * same buckets in {@code before} (so the distribution of what happened between two scrapes).
     */
    TreeMap<Double, Double> bucketsSince(PromText before, String histogram) {
        return bucketsSince(before, histogram, s -> true);
    }

    /** {@link #bucketsSince(PromText, String)} of the series that {@code filter} accepts. */
    TreeMap<Double, Double> bucketsSince(PromText before, String histogram, Predicate<Sample> filter) {
        TreeMap<Double, Double> now = buckets(histogram, filter);
        TreeMap<Double, Double> then = before.buckets(histogram, filter);
        TreeMap<Double, Double> diff = new TreeMap<>();
        now.forEach((le, count) -> diff.put(le, count - then.getOrDefault(le, 0.0)));
        return diff;
    }

    private TreeMap<Double, Double> buckets(String histogram, Predicate<Sample> filter) {
        TreeMap<Double, Double> b = new TreeMap<>();
        for (Sample s : samples(histogram + "_bucket")) {
            if (!filter.test(s)) {
                continue;
            }
            b.merge(parseValue(s.label("le")), s.value(), Double::sum);
        }
        return b;
    }

    /**
     * Prometheus' histogram_quantile: the bucket holding the q-th observation, linearly interpolated within it;
     * the highest finite bound when it falls into +Inf. NaN when there are no observations.
     */
    static double quantile(double q, TreeMap<Double, Double> cumulative) {
        if (cumulative.isEmpty()) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = e.getValue() - lowerCount;
                return inBucket <= 0 ? e.getKey()
                        : lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }
}
