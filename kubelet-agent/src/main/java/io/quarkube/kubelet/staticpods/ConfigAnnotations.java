package io.quarkube.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Map;

/**
 * The kubelet's pod-source annotations (pkg/kubelet/types/pod_update.go): where a pod came from, the hash of its
 * config, and on a mirror pod the hash of the static pod it mirrors.
 */
public final class ConfigAnnotations {
    public static final String SOURCE = "kubernetes.io/config.source";
    public static final String HASH = "kubernetes.io/config.hash";
    public static final String SEEN = "kubernetes.io/config.seen";
    public static final String MIRROR = "kubernetes.io/config.mirror";
    public static final String FILE_SOURCE = "file";
    public static final String API_SOURCE = "api";

    private ConfigAnnotations() {
    }

    /** A pod the kubelet runs from a non-API source (a manifest file); its status goes to its mirror pod. */
    public static boolean isStaticPod(Pod pod) {
        String source = annotation(pod, SOURCE);
        return source != null && !API_SOURCE.equals(source);
    }

    /** The API's read-only copy of a static pod: shown by kubectl, never run. */
    public static boolean isMirrorPod(Pod pod) {
        return annotation(pod, MIRROR) != null;
    }

    /** The config hash of a static pod (also its UID). */
    public static String hash(Pod pod) {
        return annotation(pod, HASH);
    }

    /** On a mirror pod, the config hash of the static pod it mirrors. */
    public static String mirrorHash(Pod pod) {
        return annotation(pod, MIRROR);
    }

    private static String annotation(Pod pod, String key) {
        if (pod == null || pod.getMetadata() == null) {
            return null;
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
