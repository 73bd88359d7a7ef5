/**
 * Container lifecycle hooks (postStart, preStop) as the kubelet runs them: exec through the runtime, httpGet,
 * sleep. {@link io.quarkube.kubelet.lifecycle.HookRunner} never blocks its caller.
 */
package io.quarkube.kubelet.lifecycle;
