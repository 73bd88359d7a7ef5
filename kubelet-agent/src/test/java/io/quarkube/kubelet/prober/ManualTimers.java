package io.quarkube.kubelet.prober;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A clock and timers that move only when the test says: {@link #advance} runs due tasks in time order. */
public final class ManualTimers extends Clock implements Timers {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    public ManualTimers(Instant start) {
        this.now = start;
    }

    private static final class Task implements Comparable<Task> {
        final Instant due;
        final long sequence;
        final Runnable run;
        volatile boolean cancelled;

        Task(Instant due, long sequence, Runnable run) {
            this.due = due;
            this.sequence = sequence;
            this.run = run;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable run) {
        Task task = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, run);
        tasks.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves time forward by {@code step}, running every task due meanwhile (including ones they schedule). */
    public void advance(Duration step) {
        Instant target;
        synchronized (this) {
            target = now.plus(step);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            if (!next.cancelled) {
                next.run.run();
            }
        }
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    /** Tasks waiting to run (cancelled ones excluded). */
    public synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
