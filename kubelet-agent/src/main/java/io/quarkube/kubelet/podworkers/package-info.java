/**
 * One serial worker per pod UID ({@link io.quarkube.kubelet.podworkers.SerialPodWorkers}) driving the per-pod logic
 * ({@link io.quarkube.kubelet.podworkers.KubeletPodSyncer}): SYNC, then TERMINATING, then TERMINATED, never back.
 * Runtime events, hook completions and probe result changes reach a worker as futures a sync returns; the latest
 * pod update wins. {@link io.quarkube.kubelet.podworkers.ContainerHealth} acts on postStart hooks and probes,
 * {@link io.quarkube.kubelet.podworkers.ContainerKiller} stops a container (preStop, SIGTERM, SIGKILL).
 * An agent that (re)starts takes over the runs its pods' statuses report ({@link io.quarkube.kubelet.podworkers.Adoption})
 * instead of starting them twice, and removes sandboxes of pods that are gone
 * ({@link io.quarkube.kubelet.podworkers.OrphanedSandboxes}).
 */
package io.quarkube.kubelet.podworkers;
