/**
 * One serial worker per pod UID ({@link io.quarkube.kubelet.podworkers.SerialPodWorkers}) driving the per-pod logic
 * ({@link io.quarkube.kubelet.podworkers.KubeletPodSyncer}): SYNC, then TERMINATING, then TERMINATED, never back.
 * Runtime events reach a worker as futures a sync returns; the latest pod update wins.
 */
package io.quarkube.kubelet.podworkers;
