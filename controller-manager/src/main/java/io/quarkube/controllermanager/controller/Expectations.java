package io.quarkube.controllermanager.controller;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller is still waiting to see in its caches after it created or deleted pods, per controller key.
 * While creations or deletions are outstanding the sync must not act on the replica count again, or a lagging
 * cache would make it create (or delete) twice. Informer events lower the counts. Deletions are tracked by pod
 * UID, so seeing the same deletion twice (deletionTimestamp set, then the object gone) counts once. An entry
 * older than the TTL counts as satisfied, so a lost event cannot stall a controller forever.
 */
public final class Expectations {
    private static final Logger LOG = Logger.getLogger(Expectations.class);

    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Expectations(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    private static final class Entry {
        int adds;
        final Set<String> deletes = new HashSet<>();
        final Instant timestamp;

        Entry(int adds, Collection<String> deletes, Instant timestamp) {
            this.adds = adds;
            this.deletes.addAll(deletes);
            this.timestamp = timestamp;
        }
    }

    /** True when the controller may act: nothing outstanding, or the expectation expired. */
    public boolean satisfied(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return true;
        }
        synchronized (entry) {
            if (entry.adds <= 0 && entry.deletes.isEmpty()) {
                return true;
            }
            if (clock.instant().isAfter(entry.timestamp.plus(ttl))) {
                LOG.infof("expectations of %s expired (%d creations, %d deletions never observed); syncing anyway",
                        key, entry.adds, entry.deletes.size());
                return true;
            }
            return false;
        }
    }

    public void expectCreations(String key, int count) {
        entries.put(key, new Entry(count, Set.of(), clock.instant()));
    }

    public void expectDeletions(String key, Collection<String> podUids) {
        entries.put(key, new Entry(0, podUids, clock.instant()));
    }

    /** Both at once (Kubernetes' SetExpectations), for a sync that creates and deletes in one pass. */
    public void expect(String key, int creations, Collection<String> deletedPodUids) {
        entries.put(key, new Entry(creations, deletedPodUids, clock.instant()));
    }

    public void creationObserved(String key) {
        lowerCreations(key, 1);
    }

    /** Also used for creations that failed or were skipped: the informer will never report them. */
    public void lowerCreations(String key, int count) {
        Entry entry = entries.get(key);
        if (entry != null) {
            synchronized (entry) {
                entry.adds -= count;
            }
        }
    }

    public void deletionObserved(String key, String podUid) {
        Entry entry = entries.get(key);
        if (entry != null) {
            synchronized (entry) {
                entry.deletes.remove(podUid);
            }
        }
    }

    /** The controller object itself is gone. */
    public void delete(String key) {
        entries.remove(key);
    }
}
