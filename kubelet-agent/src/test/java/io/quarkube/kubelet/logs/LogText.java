package io.quarkube.kubelet.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A container log as {@code kubectl logs} shows it (prefixes stripped), for tests in other packages. */
public final class LogText {
    private LogText() {
    }

    public static String of(Path file) {
        try (LogReader reader = LogReader.open(file, LogOptions.all())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long end = reader.size();
            while (reader.position() < end) {
                out.write(reader.read(end, true).data());
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
