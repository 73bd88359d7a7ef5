package io.quarkube.kubelet.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The last N lines of a file, read backwards in blocks so that a large log is not read whole. */
public final class LogTail {
    private static final int BLOCK = 8192;

    private LogTail() {
    }

    public static String lastLines(Path file, int lines) throws IOException {
        if (lines <= 0) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            int newlines = 0;
            // a trailing newline ends the last line; it does not start a new one
            long scanEnd = end;
            if (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') {
                    scanEnd = end - 1;
                }
            }
            long pos = scanEnd;
            long start = 0;
            byte[] block = new byte[BLOCK];
            outer:
            while (pos > 0) {
                int size = (int) Math.min(BLOCK, pos);
                pos -= size;
                raf.seek(pos);
                raf.readFully(block, 0, size);
                for (int i = size - 1; i >= 0; i--) {
                    if (block[i] == '\n' && ++newlines == lines) {
                        start = pos + i + 1;
                        break outer;
                    }
                }
            }
            byte[] tail = new byte[(int) (end - start)];
            raf.seek(start);
            raf.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        }
    }
}
