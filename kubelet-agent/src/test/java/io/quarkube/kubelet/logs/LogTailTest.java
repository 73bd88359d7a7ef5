package io.quarkube.kubelet.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void returnsTheLastLines() throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"), "one\ntwo\nthree\n");

        assertEquals("three\n", LogTail.lastLines(log, 1));
        assertEquals("two\nthree\n", LogTail.lastLines(log, 2));
        assertEquals("one\ntwo\nthree\n", LogTail.lastLines(log, 10));
        assertEquals("", LogTail.lastLines(log, 0));
    }

    @Test
    void handlesAMissingTrailingNewlineAndLogsLargerThanOneBlock() throws Exception {
        assertEquals("b", LogTail.lastLines(Files.writeString(dir.resolve("b.log"), "a\nb"), 1));
        String big = IntStream.range(0, 5000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
        Path log = Files.writeString(dir.resolve("c.log"), big);

        assertEquals("line 4997\nline 4998\nline 4999\n", LogTail.lastLines(log, 3));
        assertEquals(big, LogTail.lastLines(log, 100_000));
    }
}
