package io.quarkube.kubelet.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00.5Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void eachLineIsStampedWithItsStreamInCriFormat() throws Exception {
        ContainerLog log = new ContainerLogs(CLOCK).start(dir.resolve("c.log"));
        assertTrue(log.isOpen());

        log.pump(stream("a\nb\n"), stream("oops\n"), "test");
        log.closed().get(5, TimeUnit.SECONDS);

        List<String> lines = Files.readAllLines(dir.resolve("c.log"));
        assertEquals(3, lines.size());
        assertTrue(lines.containsAll(List.of("2025-03-01T10:00:00.500000000Z stdout F a",
                "2025-03-01T10:00:00.500000000Z stdout F b", "2025-03-01T10:00:00.500000000Z stderr F oops")));
        assertTrue(lines.indexOf("2025-03-01T10:00:00.500000000Z stdout F a")
                < lines.indexOf("2025-03-01T10:00:00.500000000Z stdout F b"));
        assertFalse(log.isOpen());
    }

    @Test
    void longLinesArePiecedAndOutputWithoutFinalNewlineIsKeptAsItIs() throws Exception {
        String longLine = "x".repeat(ContainerLog.MAX_LINE + 100);
        ContainerLog log = new ContainerLogs(CLOCK).start(dir.resolve("c.log"));

        log.pump(stream(longLine + "\nlast words"), stream(""), "test");
        log.closed().get(5, TimeUnit.SECONDS);

        List<String> lines = Files.readAllLines(dir.resolve("c.log"));
        assertEquals(List.of("stdout P " + "x".repeat(ContainerLog.MAX_LINE), "stdout F " + "x".repeat(100),
                "stdout P last words"), lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
        assertEquals(longLine + "\nlast words", LogText.of(dir.resolve("c.log")));
    }

    @Test
    void aNewRunMovesTheLastRunsLogAside() throws Exception {
        ContainerLogs logs = new ContainerLogs(CLOCK);
        Path file = dir.resolve("c.log");
        ContainerLog first = logs.start(file);
        first.pump(stream("first run\n"), stream(""), "test");
        first.closed().get(5, TimeUnit.SECONDS);
        assertTrue(logs.writing(file).isEmpty(), "a closed log is not being written");

        ContainerLog second = logs.start(file);

        assertEquals("first run\n", LogText.of(ContainerLogs.previous(file)));
        assertEquals("", LogText.of(file));
        assertEquals(second, logs.writing(file).orElseThrow());
        second.close();
        assertTrue(logs.writing(file).isEmpty());
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
