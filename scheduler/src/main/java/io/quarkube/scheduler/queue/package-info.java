/**
 * Pending pods (active, backoff, unschedulable), keyed by UID so that a pod is queued at most once.
 * Fed by the informer's event handlers, drained by the single scheduling thread.
 */
package io.quarkube.scheduler.queue;
