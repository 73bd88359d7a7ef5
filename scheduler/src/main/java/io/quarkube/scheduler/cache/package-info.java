/**
 * What each node holds: pods bound there (from the informer) plus pods assumed there by this scheduler while
 * their binding is in flight. Thread-safe; snapshots are immutable.
 */
package io.quarkube.scheduler.cache;
