package io.quarkube.kubelet.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Copies what a container appends to one raw output file (its stdout or stderr, a plain file rather than a pipe, so
 * that the container never depends on the agent) into its CRI log, line by line, each line stamped when it is read.
 * {@link #offset()} is how much of the file is in the log: everything before it, never a pending half line, so an
 * agent that takes the run over continues from there and loses nothing. Not thread-safe: one poller calls it.
 */
public final class OutputTail implements AutoCloseable {
    private final Path file;
    private final String stream;
    private final ContainerLog log;
    private final byte[] buf = new byte[ContainerLog.MAX_LINE];
    private int filled;
    private long offset;
    private FileChannel channel;

    public OutputTail(Path file, String stream, ContainerLog log, long offset) {
        this.file = file;
        this.stream = stream;
        this.log = log;
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }

    /** Copies the complete lines appended since the last call; true when it read anything. */
    public boolean poll() throws IOException {
        if (channel == null) {
            try {
                channel = FileChannel.open(file);
            } catch (NoSuchFileException e) {
                return false; // not created yet
            }
        }
        boolean progressed = false;
        while (true) {
            int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), offset + filled);
            if (n <= 0) {
                return progressed;
            }
            progressed = true;
            int scanFrom = filled;
            filled += n;
            int lineStart = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buf[i] == '\n') {
                    log.write(stream, false, buf, lineStart, i - lineStart);
                    lineStart = i + 1;
                }
            }
            if (lineStart == 0 && filled == buf.length) {
                log.write(stream, true, buf, 0, filled); // a line longer than MAX_LINE: this piece now
                lineStart = filled;
            }
            offset += lineStart;
            System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
            filled -= lineStart;
        }
    }

    /** The output ended: what is left without a newline goes in as a partial line, as it was written. */
    public void finish() throws IOException {
        poll();
        if (filled > 0) {
            log.write(stream, true, buf, 0, filled);
            offset += filled;
            filled = 0;
        }
        close();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
            channel = null;
        }
    }
}
