/**
 * The container runtime interface (CRI-like) and its two implementations: host processes and simulated
 * (KWOK-style) containers. A runtime completes handle futures; it never calls back into the kubelet.
 */
package io.quarkube.kubelet.runtime;
