package io.quarkube.controllermanager.controller;

import java.time.Duration;

/** Where event handlers put keys; the {@link ControllerRunner} in production, a recorder in tests. */
public interface Enqueuer {
    void enqueue(String key);

    void enqueueAfter(String key, Duration delay);
}
