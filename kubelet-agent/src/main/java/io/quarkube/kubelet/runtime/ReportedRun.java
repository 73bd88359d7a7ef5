package io.quarkube.kubelet.runtime;

import java.time.Instant;

/**
 * A container run as the pod's last status reported it, which is what an agent that (re)starts knows of the runs
 * an earlier agent started: its container ID (without the scheme), when it started, and how it ended (null while
 * it was running).
 */
public record ReportedRun(String containerId, Instant startedAt, ContainerExit exit) {
}
