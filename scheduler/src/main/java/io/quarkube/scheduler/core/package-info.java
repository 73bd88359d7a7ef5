/**
 * The scheduling cycle (one thread: filter, score, assume) and the binding cycle (an executor: post the
 * Binding, forget the assumption on failure), and the threads that run them.
 */
package io.quarkube.scheduler.core;
