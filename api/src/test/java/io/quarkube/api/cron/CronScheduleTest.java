package io.quarkube.api.cron;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules as Kubernetes (robfig/cron ParseStandard) reads them. */
class CronScheduleTest {
    private static final Instant START = Instant.parse("2025-01-25T00:00:00Z"); // a Saturday

    /** The next n times after START, in UTC unless a zone is given. */
    private static List<String> times(String schedule, int n) {
        return times(schedule, ZoneOffset.UTC, START, n);
    }

    private static List<String> times(String schedule, ZoneId zone, Instant from, int n) {
        CronSchedule s = CronSchedule.parse(schedule);
        List<String> out = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < n; i++) {
            t = s.next(t, zone).orElseThrow();
            out.add(t.toString());
        }
        return out;
    }

    @Test
    void everyMinuteIsStrictlyAfterTheGivenTimeOnWholeMinutes() {
        assertEquals(List.of("2025-01-25T00:01:00Z", "2025-01-25T00:02:00Z"), times("* * * * *", 2));
        CronSchedule s = CronSchedule.parse("* * * * *");
        assertEquals(Instant.parse("2025-01-25T00:01:00Z"),
                s.next(Instant.parse("2025-01-25T00:00:59.999Z"), ZoneOffset.UTC).orElseThrow());
    }

    @Test
    void fieldsRangesStepsListsAndNames() {
        assertEquals(List.of("2025-01-25T00:15:00Z", "2025-01-25T00:30:00Z"), times("*/15 * * * *", 2));
        assertEquals(List.of("2025-01-25T00:05:00Z", "2025-01-25T00:20:00Z"), times("5/15 * * * *", 2));
        assertEquals(List.of("2025-01-25T00:01:00Z", "2025-01-25T00:04:00Z", "2025-01-25T00:07:00Z",
                "2025-01-25T00:10:00Z", "2025-01-25T01:01:00Z"), times("1-10/3 * * * *", 5));
        assertEquals(List.of("2025-01-26T00:00:00Z", "2026-01-04T00:00:00Z"), times("0 0 * jan sun", 2));
        assertEquals(List.of("2025-01-27T09:30:00Z", "2025-01-29T09:30:00Z"), times("30 9 * * MON,WED", 2));
        assertEquals(List.of("2025-01-25T12:00:00Z", "2025-01-26T12:00:00Z"), times("0 12 ? * *", 2));
        assertEquals(List.of("2025-01-25T00:00:00Z"), times("  0 0 * * *  ", ZoneOffset.UTC,
                Instant.parse("2025-01-24T12:00:00Z"), 1));
    }

    @Test
    void dayOfMonthAndDayOfWeekMatchEitherUnlessOneStartsWithAStar() {
        // "0 0 1 * 1": the 1st of the month OR a Monday (vixie cron, robfig)
        assertEquals(List.of("2025-01-27T00:00:00Z", "2025-02-01T00:00:00Z", "2025-02-03T00:00:00Z"),
                times("0 0 1 * 1", 3));
        // "*/2" counts as a star: odd days AND Mondays
        assertEquals(List.of("2025-01-27T00:00:00Z", "2025-02-03T00:00:00Z", "2025-02-17T00:00:00Z"),
                times("0 0 */2 * 1", 3));
        assertEquals(List.of("2025-01-27T00:00:00Z", "2025-02-03T00:00:00Z"), times("0 0 * * 1", 2));
        assertEquals(List.of("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"), times("0 0 1 * *", 2));
    }

    @Test
    void macrosAreTheirFiveFieldForms() {
        assertEquals(List.of("2026-01-01T00:00:00Z"), times("@yearly", 1));
        assertEquals(List.of("2026-01-01T00:00:00Z"), times("@annually", 1));
        assertEquals(List.of("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"), times("@monthly", 2));
        assertEquals(List.of("2025-01-26T00:00:00Z", "2025-02-02T00:00:00Z"), times("@weekly", 2)); // Sundays
        assertEquals(List.of("2025-01-26T00:00:00Z", "2025-01-27T00:00:00Z"), times("@daily", 2));
        assertEquals(List.of("2025-01-26T00:00:00Z"), times("@midnight", 1));
        assertEquals(List.of("2025-01-25T01:00:00Z", "2025-01-25T02:00:00Z"), times("@hourly", 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@often"));
        assertEquals("unrecognized descriptor: @often", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@Hourly"));
    }

    @Test
    void everyDurationAddsToTheTruncatedSecondAsRobfigDoes() {
        CronSchedule s = CronSchedule.parse("@every 1h30m");
        assertEquals(Instant.parse("2025-01-25T01:30:10Z"),
                s.next(Instant.parse("2025-01-25T00:00:10.700Z"), ZoneOffset.UTC).orElseThrow());
        assertEquals(List.of("2025-01-25T00:00:01Z"), times("@every 300ms", 1)); // at least a second
        assertEquals(List.of("2025-01-25T00:01:30Z"), times("@every 1.5m", 1));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@every 5 minutes"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@every 10"));
    }

    @Test
    void rejectsWhatKubernetesRejects() {
        assertMessage("* * * *", "expected exactly 5 fields, found 4: * * * *");
        assertMessage("* * * * * *", "expected exactly 5 fields, found 6: * * * * * *");
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("60 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* 24 * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* * 0 * *"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* * * 13 *"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* * * * 7")); // robfig: 0-6
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 L * *"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 * * 1#2"));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("every minute"));
        assertMessage("", "empty spec string");
        assertMessage("CRON_TZ=UTC 0 0 * * *", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        assertMessage("TZ=Europe/Berlin 0 0 * * *",
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    }

    @Test
    void anImpossibleDateParsesButNeverComes() {
        CronSchedule s = CronSchedule.parse("0 0 31 2 *");
        assertTrue(s.next(START, ZoneOffset.UTC).isEmpty());
        assertEquals(List.of("2028-02-29T00:00:00Z"), times("0 0 29 2 *", 1));
    }

    @Test
    void fieldsAreReadOnTheWallClockOfTheZone() {
        ZoneId berlin = CronSchedule.timeZone("Europe/Berlin", ZoneOffset.UTC);
        // 09:00 in Berlin is 08:00Z in winter (CET) and 07:00Z in summer (CEST)
        assertEquals(List.of("2025-01-25T08:00:00Z"), times("0 9 * * *", berlin, START, 1));
        assertEquals(List.of("2025-07-01T07:00:00Z"), times("0 9 * * *", berlin,
                Instant.parse("2025-06-30T12:00:00Z"), 1));
        // a time skipped by the spring change does not happen that day (as robfig)
        ZoneId newYork = CronSchedule.timeZone("America/New_York", ZoneOffset.UTC);
        assertEquals(List.of("2025-03-08T07:30:00Z", "2025-03-10T06:30:00Z"), times("30 2 * * *", newYork,
                Instant.parse("2025-03-08T05:00:00Z"), 2));
        // @every does not care about zones
        assertEquals(times("@every 1h", 1), times("@every 1h", berlin, START, 1));
    }

    @Test
    void timeZonesAreIanaNamesAsKubernetesValidatesThem() {
        assertEquals(ZoneOffset.UTC, CronSchedule.timeZone(null, ZoneOffset.UTC));
        assertEquals(ZoneId.of("Asia/Tokyo"), CronSchedule.timeZone(null, ZoneId.of("Asia/Tokyo")));
        assertEquals(ZoneId.of("UTC"), CronSchedule.timeZone("UTC", ZoneOffset.UTC));
        assertEquals(ZoneId.of("Etc/GMT+2"), CronSchedule.timeZone("Etc/GMT+2", ZoneOffset.UTC));
        assertZoneMessage("", "timeZone must be nil or non-empty string");
        assertZoneMessage("Local", "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        assertZoneMessage("Mars/Olympus", "unknown time zone Mars/Olympus");
        assertZoneMessage("../etc/passwd", "unknown time zone ../etc/passwd");
        assertZoneMessage("Europe/Berlin ", "unknown time zone Europe/Berlin ");
        assertZoneMessage("+02:00", "unknown time zone +02:00");
    }

    @Test
    void goDurations() {
        assertEquals(java.time.Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(java.time.Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(java.time.Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals(java.time.Duration.ofNanos(2_003), GoDuration.parse("2us3ns"));
        assertEquals(java.time.Duration.ofMinutes(-2), GoDuration.parse("-2m"));
        assertEquals(java.time.Duration.ZERO, GoDuration.parse("0"));
        for (String bad : new String[]{"", "1", "h", ".s", "1d", "1h 30m", "1hh", "99999999999999h"}) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
        }
    }

    private static void assertMessage(String schedule, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(schedule))
                .getMessage());
    }

    private static void assertZoneMessage(String zone, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.timeZone(zone, ZoneOffset.UTC)).getMessage());
    }
}
