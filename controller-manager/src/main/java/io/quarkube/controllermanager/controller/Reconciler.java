package io.quarkube.controllermanager.controller;

/**
 * Level-triggered sync of one object, named by its work-queue key (namespace/name). It reads the current state
 * from the caches, not from the event that queued the key, acts through the API, and must be safe to run again.
 * Throwing means "failed": the runner retries the key with backoff.
 */
@FunctionalInterface
public interface Reconciler {
    Result sync(String key);
}
