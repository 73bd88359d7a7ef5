package io.quarkube.api.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends recorded events to the api-server, as client-go's EventBroadcaster: recorders put occurrences on a bounded
 * queue (dropping, and counting, when it is full, so that no scheduling or sync loop ever waits), and one
 * background thread creates the Events, or counts a repeat on the Event it already sent. Failures are logged at
 * DEBUG and forgotten: events are diagnostics, not state.
 */
public final class EventBroadcaster implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventBroadcaster.class);
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    private final ApiClient api;
    private final Clock clock;
    private final BlockingQueue<Occurrence> queue;
    private final EventCache cache = new EventCache(EventCache.DEFAULT_SIZE, EventCache.DEFAULT_WINDOW);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;
    private volatile boolean closed;
    // sender thread only: event names must be unique even when two occurrences share a timestamp
    private long lastNameNanos;

    public EventBroadcaster(ApiClient api) {
        this(api, DEFAULT_QUEUE_CAPACITY, Clock.systemUTC());
    }

    public EventBroadcaster(ApiClient api, int queueCapacity, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sender = new Thread(this::run, "event-broadcaster");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** A recorder whose events name {@code component} as their source (e.g. "default-scheduler", "kubelet"). */
    public EventRecorder recorder(String component) {
        return new SourcedRecorder(this, component, null);
    }

    /** Occurrences dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events created or updated so far. */
    public long sent() {
        return sent.get();
    }

    /** Stops accepting, sends what is queued (for at most two seconds), then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
    }

    private void offer(Occurrence occurrence) {
        if (closed || !queue.offer(occurrence)) {
            long n = dropped.incrementAndGet();
            LOG.debugf("event queue full: dropped %s %s on %s (%d dropped so far)", occurrence.reason(),
                    occurrence.involved().getKind(), occurrence.involved().getName(), n);
        }
    }

    private void run() {
        while (!(closed && queue.isEmpty())) {
            Occurrence next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            try {
                send(next);
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.debugf("could not record event %s on %s %s/%s: %s", next.reason(), next.involved().getKind(),
                        next.namespace(), next.involved().getName(), e.getMessage());
            }
        }
    }

    private void send(Occurrence occurrence) {
        Occurrence.Key key = occurrence.key();
        Optional<Event> previous = cache.find(key, occurrence.at());
        if (previous.isPresent()) {
            try {
                cache.put(key, api.update(Resources.EVENTS, occurrence.repeat(previous.get())), occurrence.at());
                return;
            } catch (ApiException e) {
                cache.remove(key);
                if (!e.isNotFound() && !e.isConflict()) {
                    throw e;
                }
                // deleted or changed meanwhile: start a new Event, as client-go does
            }
        }
        Event created = api.create(Resources.EVENTS, occurrence.toEvent(name(occurrence)));
        cache.put(key, created, occurrence.at());
    }

    /** {@code <involved name>.<hex nanoseconds>}, client-go's naming. */
    private String name(Occurrence occurrence) {
        Instant at = occurrence.at();
        long nanos = Math.max(at.getEpochSecond() * 1_000_000_000L + at.getNano(), lastNameNanos + 1);
        lastNameNanos = nanos;
        return occurrence.involved().getName() + "." + Long.toHexString(nanos);
    }

    private record SourcedRecorder(EventBroadcaster broadcaster, String component, String host)
            implements EventRecorder {
        @Override
        public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
            try {
                broadcaster.offer(Occurrence.of(involved, fieldPath, component, host, type, reason, message,
                        broadcaster.clock.instant()));
            } catch (RuntimeException e) {
                LOG.debugf("could not record event %s: %s", reason, e.toString()); // never the caller's problem
            }
        }

        @Override
        public EventRecorder withHost(String newHost) {
            return new SourcedRecorder(broadcaster, component, newHost);
        }
    }
}
