package io.quarkube.scheduler.framework;

/**
 * A pod in the snapshot's indexes with the name of the node it is on, taken from the NodeInfo that holds it
 * (an assumed pod has no spec.nodeName yet).
 */
public record IndexedPod(PodInfo info, String nodeName) {
}
