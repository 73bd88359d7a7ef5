/**
 * Container probes as the kubelet's prober: one {@link io.quarkube.kubelet.prober.ProbeWorker} per container run
 * and probe type on shared timers, results kept per container ID by the
 * {@link io.quarkube.kubelet.prober.ProbeManager}, which wakes the pod's worker when a result changes. The network
 * checks ({@link io.quarkube.kubelet.prober.HttpCheck}, {@link io.quarkube.kubelet.prober.TcpCheck}) are shared
 * with the lifecycle hooks.
 */
package io.quarkube.kubelet.prober;
