/**
 * Pod status: pure computations (phase, conditions, QoS, merge) and the
 * {@link io.quarkube.kubelet.status.StatusManager}, the only writer of pods/status and of the kubelet's deletion
 * confirmations.
 */
package io.quarkube.kubelet.status;
