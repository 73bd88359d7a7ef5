package io.quarkube.scheduler.framework;

/** A scheduling plugin: only a name; each extension point it implements adds one method. */
public interface Plugin {
    String name();
}
