package io.quarkube.kubelet.logs;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The log of one container run, being written: its stdout and stderr are copied line by line, each line stamped
 * with the time it was read, in {@link CriLog} format, either from streams ({@link #pump}) or from the raw files
 * the process appends to ({@link OutputTail}, polled by the runtime). It is open until every pumped stream has
 * ended, or until {@link #close()} for a log without streams; {@code kubectl logs -f} follows it until then.
 */
public final class ContainerLog {
    private static final Logger LOG = Logger.getLogger(ContainerLog.class);
    /** containerd's default maximum line: longer output lines are split into P pieces. */
    static final int MAX_LINE = 16 * 1024;
    private static final long PUMP_STACK = 128 * 1024;

    private final Path file;
    private final OutputStream out;
    private final Clock clock;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private int openStreams; // guarded by this
    private boolean writeFailed; // guarded by this

    private ContainerLog(Path file, OutputStream out, Clock clock) {
        this.file = file;
        this.out = out;
        this.clock = clock;
    }

    /** Opens (creating or appending to) the log file. */
    static ContainerLog open(Path file, Clock clock) throws IOException {
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        return new ContainerLog(file, out, clock);
    }

    public Path file() {
        return file;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Completes once the last line is in the file. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Copies a process's stdout and stderr into the log, each on a small thread of its own, until they end (the
     * process, and any child that inherited them, closed them).
     */
    public synchronized void pump(InputStream stdout, InputStream stderr, String threadName) {
        openStreams += 2; // both before either starts: a quick first end must not close the log
        start(stdout, CriLog.STDOUT, threadName);
        start(stderr, CriLog.STDERR, threadName);
    }

    private void start(InputStream in, String stream, String threadName) {
        Thread t = new Thread(null, () -> copy(in, stream), threadName + "-" + stream, PUMP_STACK);
        t.setDaemon(true);
        t.start();
    }

    /** Ends a log no stream writes to (a simulated container stopped, or its process never started). */
    public synchronized void close() {
        if (openStreams == 0) {
            finish();
        }
    }

    private void copy(InputStream in, String stream) {
        byte[] buf = new byte[MAX_LINE];
        int filled = 0;
        try (in) {
            int n;
            while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
                int scanFrom = filled;
                filled += n;
                int lineStart = 0;
                for (int i = scanFrom; i < filled; i++) {
                    if (buf[i] == '\n') {
                        write(stream, false, buf, lineStart, i - lineStart);
                        lineStart = i + 1;
                    }
                }
                if (lineStart == 0 && filled == buf.length) {
                    write(stream, true, buf, 0, filled); // a line longer than MAX_LINE: this piece now
                    filled = 0;
                } else {
                    System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
                    filled -= lineStart;
                }
            }
        } catch (IOException e) {
            LOG.debugf("reading %s of %s failed: %s", stream, file, e.getMessage());
        } finally {
            if (filled > 0) {
                write(stream, true, buf, 0, filled); // output that did not end with a newline stays so
            }
            streamEnded();
        }
    }

    /** One entry: {@code b[off, off+len)} holds no newline; partial marks a piece of a longer (or unended) line. */
    synchronized void write(String stream, boolean partial, byte[] b, int off, int len) {
        if (writeFailed) {
            return; // keep draining the pipe so that the process never blocks on it
        }
        try {
            out.write(CriLog.encode(clock.instant(), stream, partial, b, off, len));
        } catch (IOException e) {
            writeFailed = true;
            LOG.warnf("cannot write the log %s: %s", file, e.getMessage());
        }
    }

    private synchronized void streamEnded() {
        if (--openStreams == 0) {
            finish();
        }
    }

    private void finish() {
        if (closed.isDone()) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.debugf("closing %s: %s", file, e.getMessage());
        }
        closed.complete(null);
    }
}
