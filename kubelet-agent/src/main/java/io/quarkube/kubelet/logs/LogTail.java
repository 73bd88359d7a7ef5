package io.quarkube.kubelet.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where the last N lines of a file start, found by reading backwards in blocks so that a large log is not read whole. */
public final class LogTail {
    private static final int BLOCK = 8192;

    private LogTail() {
    }

    /** The offset of the first of the last {@code lines} lines in {@code [0, end)}; a trailing newline ends a line. */
    public static long startOfLastLines(FileChannel channel, long end, int lines) throws IOException {
        if (lines <= 0) {
            return end;
        }
        long scanEnd = end;
        if (end > 0 && readByte(channel, end - 1) == '\n') {
            scanEnd = end - 1; // it ends the last line; it does not start a new one
        }
        int newlines = 0;
        long pos = scanEnd;
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        while (pos > 0) {
            int size = (int) Math.min(BLOCK, pos);
            pos -= size;
            block.clear().limit(size);
            while (block.hasRemaining() && channel.read(block, pos + block.position()) >= 0) {
                // read the whole block
            }
            for (int i = size - 1; i >= 0; i--) {
                if (block.get(i) == '\n' && ++newlines == lines) {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    /** The last {@code lines} lines of a file, as text. */
    public static String lastLines(Path file, int lines) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long end = channel.size();
            long start = startOfLastLines(channel, end, lines);
            ByteBuffer tail = ByteBuffer.allocate((int) (end - start));
            while (tail.hasRemaining() && channel.read(tail, start + tail.position()) >= 0) {
                // read it all
            }
            return new String(tail.array(), StandardCharsets.UTF_8);
        }
    }

    private static int readByte(FileChannel channel, long at) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        return channel.read(one, at) == 1 ? one.get(0) : -1;
    }
}
