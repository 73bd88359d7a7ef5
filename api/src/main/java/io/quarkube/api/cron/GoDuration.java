package io.quarkube.api.cron;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration ("90s", "1h30m", "1.5h", "-2m"), as "@every &lt;duration&gt;" schedules are written. */
final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("[-+]?(\\d*\\.?\\d*[a-zµμ]+)+");
    private static final Pattern PART = Pattern.compile("(\\d*)(?:\\.(\\d*))?([a-zµμ]+)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty() || !WHOLE.matcher(s).matches()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        int end = 0;
        while (m.find()) {
            if (m.start() != end || (m.group(1).isEmpty() && (m.group(2) == null || m.group(2).isEmpty()))) {
                throw invalid(text);
            }
            Long unit = NANOS_PER_UNIT.get(m.group(3));
            if (unit == null) {
                throw new IllegalArgumentException("time: unknown unit \"" + m.group(3) + "\" in duration \"" + text + "\"");
            }
            String number = (m.group(1).isEmpty() ? "0" : m.group(1))
                    + (m.group(2) == null || m.group(2).isEmpty() ? "" : "." + m.group(2));
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
            end = m.end();
        }
        if (end != s.length()) {
            throw invalid(text);
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text); // Go's int64 nanoseconds overflow (about 292 years)
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
