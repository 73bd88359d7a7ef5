/**
 * Static pods: manifests in {@code quarkube.kubelet.static-pod-path} run on the first node without the api-server
 * ({@link io.quarkube.kubelet.staticpods.StaticPodSource}), each mirrored in the API as a read-only mirror pod
 * ({@link io.quarkube.kubelet.staticpods.MirrorPodManager}) that carries its status.
 */
package io.quarkube.kubelet.staticpods;
