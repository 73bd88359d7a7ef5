package io.quarkube.kubelet.runtime;

/**
 * How the process runtime isolates pods ({@code quarkube.kubelet.process.isolation}): NAMESPACES requires Linux
 * namespaces (the agent fails to start without them), NONE runs containers as plain host processes with path
 * mapping, AUTO uses namespaces where the host allows them and falls back otherwise.
 */
public enum ProcessIsolation {
    AUTO, NAMESPACES, NONE
}
