package io.quarkube.controllermanager;

import io.quarkube.controllermanager.controller.Enqueuer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the keys event handlers enqueue. */
public final class RecordingEnqueuer implements Enqueuer {
    public final List<String> keys = new ArrayList<>();
    public final List<String> delayed = new ArrayList<>();

    @Override
    public void enqueue(String key) {
        keys.add(key);
    }

    @Override
    public void enqueueAfter(String key, Duration delay) {
        delayed.add(key + " after " + delay);
    }
}
