package io.quarkube.api.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CronJob schedule as Kubernetes reads it (robfig/cron's ParseStandard): five fields (minute hour day-of-month
 * month day-of-week, names like JAN/SUN case-insensitive, "?" as "*"), the macros @yearly/@annually/@monthly/
 * @weekly/@daily/@midnight/@hourly and "@every &lt;Go duration&gt;". The fields are parsed and evaluated by
 * cron-utils. "TZ="/"CRON_TZ=" in the schedule are rejected (Kubernetes' validation: use spec.timeZone).
 * Standalone on purpose: the api-server may validate with the same class.
 */
public final class CronSchedule {
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    /** Vixie cron (and robfig): when day-of-month or day-of-week starts with "*", both must match... */
    private static final CronParser BOTH_DAYS = new CronParser(definition(true));
    /** ...otherwise either of them may match ("0 0 1 * MON": the 1st and every Monday). */
    private static final CronParser EITHER_DAY = new CronParser(definition(false));
    /** IANA names as spec.timeZone accepts them (Kubernetes' validTimeZoneCharacters, per path segment). */
    private static final Pattern TZ_SEGMENT = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");

    private final String spec;
    private final ExecutionTime cron;
    private final Duration every;

    private CronSchedule(String spec, ExecutionTime cron, Duration every) {
        this.spec = spec;
        this.cron = cron;
        this.every = every;
    }

    /** Parses a schedule; IllegalArgumentException says why it is not one. */
    public static CronSchedule parse(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("empty spec string");
        }
        if (schedule.contains("TZ")) {
            throw new IllegalArgumentException("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
        String spec = schedule.trim();
        if (spec.startsWith("@every ")) {
            Duration every = GoDuration.parse(spec.substring("@every ".length()).trim());
            // robfig: at least one second, whole seconds
            every = every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                    : every.truncatedTo(ChronoUnit.SECONDS);
            return new CronSchedule(spec, null, every);
        }
        String expanded = spec;
        if (spec.startsWith("@")) {
            expanded = MACROS.get(spec);
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + spec);
            }
        }
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": " + spec);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].replace('?', '*');
        }
        boolean starDay = fields[2].startsWith("*") || fields[4].startsWith("*");
        String normalized = String.join(" ", fields);
        try {
            Cron cron = (starDay ? BOTH_DAYS : EITHER_DAY).parse(normalized).validate();
            return new CronSchedule(spec, ExecutionTime.forCron(cron), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("Failed to parse cron expression. ", ""), e);
        }
    }

    /**
     * The zone spec.timeZone names (an IANA name such as "Europe/Berlin" or "Etc/UTC"); {@code fallback} when
     * unset (Kubernetes uses the controller-manager's zone). IllegalArgumentException as Kubernetes' validation.
     */
    public static ZoneId timeZone(String name, ZoneId fallback) {
        if (name == null) {
            return fallback;
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("timeZone must be nil or non-empty string");
        }
        for (String part : name.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !TZ_SEGMENT.matcher(part).matches()) {
                throw new IllegalArgumentException("unknown time zone " + name);
            }
        }
        if (name.equalsIgnoreCase("Local")) {
            throw new IllegalArgumentException(
                    "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        }
        if (!name.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(name)) {
            throw new IllegalArgumentException("unknown time zone " + name);
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + name, e);
        }
    }

    /** The first time strictly after {@code after} (whole seconds, wall clock of {@code zone}); empty if never. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        Instant from = after.truncatedTo(ChronoUnit.SECONDS);
        if (every != null) {
            return Optional.of(from.plus(every));
        }
        return cron.nextExecution(ZonedDateTime.ofInstant(from, zone)).map(ZonedDateTime::toInstant);
    }

    @Override
    public String toString() {
        return spec;
    }

    private static CronDefinition definition(boolean bothDays) {
        CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron()
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).withStrictRange().and();
        return (bothDays ? builder.matchDayOfWeekAndDayOfMonth() : builder).instance();
    }
}
