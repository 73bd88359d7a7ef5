package io.quarkube.kubelet.staticpods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.quarkube.api.defaults.PodSpecDefaults;
import io.quarkube.api.json.Json;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a manifest's Pod into the static pod the kubelet runs (pkg/kubelet/config/common.go applyDefaults):
 * named {@code <name>-<nodeName>}, namespace default unless set, bound to the node, tolerating NoExecute taints,
 * the spec defaulted as the api-server would, and its UID the MD5 hash of all that (the config hash), so that an
 * unchanged manifest keeps its UID across agent restarts and any change makes a new pod.
 */
public final class StaticPodFactory {
    private static final ObjectMapper CANONICAL = Json.MAPPER.copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private StaticPodFactory() {
    }

    public static Pod staticPod(Pod manifest, String nodeName, Instant seen) {
        Pod pod = Json.copy(manifest, Pod.class);
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.getMetadata().setName(manifest.getMetadata().getName() + "-" + nodeName.toLowerCase(Locale.ROOT));
        if (pod.getMetadata().getNamespace() == null || pod.getMetadata().getNamespace().isEmpty()) {
            pod.getMetadata().setNamespace("default");
        }
        pod.getMetadata().setUid(null);
        pod.getMetadata().setResourceVersion(null);
        pod.getMetadata().setSelfLink(null);
        pod.setStatus(null);
        pod.getSpec().setNodeName(nodeName);
        applyDefaults(pod.getSpec());
        String hash = hash(pod);
        pod.getMetadata().setUid(hash);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (pod.getMetadata().getAnnotations() != null) {
            annotations.putAll(pod.getMetadata().getAnnotations());
        }
        annotations.put(ConfigAnnotations.HASH, hash);
        annotations.put(ConfigAnnotations.SEEN, seen.toString());
        annotations.put(ConfigAnnotations.SOURCE, ConfigAnnotations.FILE_SOURCE);
        pod.getMetadata().setAnnotations(annotations);
        pod.setStatus(new PodStatusBuilder().withPhase("Pending").build());
        return pod;
    }

    /** The namespace/name a static pod and its mirror share. */
    public static String fullName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** The api-server's defaults (a static pod never passes through it), plus the kubelet's own for static pods. */
    static void applyDefaults(PodSpec spec) {
        PodSpecDefaults.apply(spec);
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        // the kubelet lets static pods stay on a node with NoExecute taints (pkg/kubelet/config/common.go)
        List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        Toleration noExecute = new TolerationBuilder().withOperator("Exists").withEffect("NoExecute").build();
        if (!tolerations.contains(noExecute)) {
            tolerations.add(noExecute);
        }
        spec.setTolerations(tolerations);
    }

    /** MD5 of the canonical JSON (map keys sorted), hex: the kubelet's config hash, used as the UID. */
    static String hash(Pod pod) {
        try {
            byte[] json = CANONICAL.writeValueAsString(pod).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
