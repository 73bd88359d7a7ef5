package io.quarkube.kubelet.logs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * A log as a stream of chunks: what the file holds now, and with {@code follow} the lines written after, polled
 * every {@code poll} while nothing is new, until the container's log is closed (it ended) and everything is read.
 * Reads run as short tasks on {@code io}; no thread waits for the container. Cancelling the subscription (the
 * client went away) stops it; the file is closed however it ends.
 */
public final class LogStream {
    public static final Duration POLL = Duration.ofMillis(200);

    private LogStream() {
    }

    /**
     * @param writing whether the container's log is still being written (false: it will not grow any more)
     */
    static Multi<byte[]> of(LogReader reader, boolean follow, BooleanSupplier writing, Duration poll,
                            ScheduledExecutorService io) throws IOException {
        long snapshot = reader.size(); // without follow: what the log held when asked
        return Multi.createBy().repeating()
                .uni(() -> Uni.createFrom().item(() -> step(reader, follow, writing, snapshot))
                        .runSubscriptionOn(io)
                        .onItem().transformToUni(step -> step.progressed() || step.done()
                                ? Uni.createFrom().item(step)
                                : Uni.createFrom().item(step).onItem().delayIt().onExecutor(io).by(poll)))
                .whilst(step -> !step.done())
                .filter(step -> step.data().length > 0)
                .map(Step::data)
                .onTermination().invoke(reader::close);
    }

    private static Step step(LogReader reader, boolean follow, BooleanSupplier writing, long snapshot) {
        try {
            // asked before reading: whatever was written before the log closed is in the file by now
            boolean lastRead = !follow || !writing.getAsBoolean();
            long end = follow ? reader.size() : snapshot;
            LogReader.Chunk chunk = reader.read(end, lastRead);
            boolean done = reader.limitReached() || (lastRead && reader.position() >= end);
            return new Step(chunk.data(), chunk.consumed() > 0, done);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Step(byte[] data, boolean progressed, boolean done) {
    }
}
