package io.quarkube.kubelet.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Reads a container log file forward from the start of its last {@code tailLines} lines and turns each CRI line
 * into what the client sees: the content (a newline after F lines, none after P pieces), prefixed with the
 * timestamp when asked, lines before {@code since} skipped, at most {@code limitBytes} in all. Lines not in CRI
 * format are passed on as they are. The file stays open, so a rename (restart) does not disturb a reader.
 * One thread at a time.
 */
final class LogReader implements AutoCloseable {
    static final int CHUNK = 64 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    private final FileChannel channel; // null: the log does not exist (yet)
    private final boolean timestamps;
    private final Instant since;
    private long position;
    private long budget;

    private LogReader(FileChannel channel, long start, LogOptions options) {
        this.channel = channel;
        this.position = start;
        this.timestamps = options.timestamps();
        this.since = options.since();
        this.budget = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
    }

    static LogReader open(Path file, LogOptions options) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return new LogReader(null, 0, options);
        }
        long start = options.tailLines() == null ? 0
                : LogTail.startOfLastLines(channel, channel.size(), options.tailLines());
        return new LogReader(channel, start, options);
    }

    long size() throws IOException {
        return channel == null ? 0 : channel.size();
    }

    long position() {
        return position;
    }

    boolean limitReached() {
        return budget <= 0;
    }

    /**
     * Formats the complete lines in {@code [position, end)}, at most {@link #CHUNK} bytes of file at a time. With
     * {@code endIsFinal} an unterminated last line up to {@code end} counts too (nothing more will be added).
     */
    Chunk read(long end, boolean endIsFinal) throws IOException {
        if (channel == null || position >= end || limitReached()) {
            return Chunk.NONE;
        }
        int size = (int) Math.min(CHUNK, end - position);
        ByteBuffer block = ByteBuffer.allocate(size);
        while (block.hasRemaining() && channel.read(block, position + block.position()) > 0) {
            // read the whole block
        }
        size = block.position();
        byte[] buf = block.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 64);
        int consumed = 0;
        for (int i = 0; i < size && !limitReached(); i++) {
            if (buf[i] == '\n') {
                emit(buf, consumed, i, true, out);
                consumed = i + 1;
            }
        }
        if (consumed < size && !limitReached()) {
            if (endIsFinal && position + size == end) {
                emit(buf, consumed, size, false, out);
                consumed = size;
            } else if (consumed == 0 && size == CHUNK) {
                append(out, buf, 0, size); // a line longer than a chunk is not CRI: pass it on as it is
                consumed = size;
            }
        }
        position += consumed;
        return new Chunk(out.toByteArray(), consumed);
    }

    /** One file line {@code buf[start, end)}; {@code terminated}: buf[end] is its newline. */
    private void emit(byte[] buf, int start, int end, boolean terminated, ByteArrayOutputStream out) {
        CriLog.Entry entry = CriLog.parse(buf, start, end);
        if (entry == null) {
            append(out, buf, start, end - start + (terminated ? 1 : 0));
            return;
        }
        if (since != null) {
            Instant at = CriLog.timestamp(buf, entry);
            if (at != null && at.isBefore(since)) {
                return;
            }
        }
        if (timestamps) {
            append(out, buf, start, entry.timestampEnd() - start + 1); // the timestamp and its space
        }
        append(out, buf, entry.contentStart(), end - entry.contentStart());
        if (!entry.partial()) {
            append(out, NEWLINE, 0, 1);
        }
    }

    private void append(ByteArrayOutputStream out, byte[] b, int off, int len) {
        int n = (int) Math.min(len, budget);
        out.write(b, off, n);
        budget -= n;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: it was only read
            }
        }
    }

    /** Output bytes, and how many bytes of the file they came from (0: nothing new yet). */
    record Chunk(byte[] data, long consumed) {
        static final Chunk NONE = new Chunk(new byte[0], 0);
    }
}
