package io.quarkube.controllermanager.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.quarkube.api.json.Json;


/**
 * Kubernetes' controller.ComputeHash: an FNV-32a hash of the pod template (plus the owner's collisionCount, when
 * it has one), written with rand.SafeEncodeString's alphabet so it is a valid label value without vowels. Used for
 * Deployments' pod-template-hash and the controller-revision-hash of StatefulSets and DaemonSets. The template is
 * hashed as JSON (Kubernetes hashes a Go dump of the struct: the values differ, the properties are the same —
 * equal templates give equal hashes, a changed template a different one).
 */
public final class TemplateHash {
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private static final ObjectWriter SORTED = Json.MAPPER.writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private TemplateHash() {
    }

    public static String of(PodTemplateSpec template, Integer collisionCount) {
        int hash = FNV_OFFSET;
        for (byte b : canonicalJson(template)) {
            hash ^= (b & 0xff);
            hash *= FNV_PRIME;
        }
        if (collisionCount != null) {
            for (int i = 0; i < 4; i++) { // little-endian uint32, as Kubernetes writes it
                hash ^= (collisionCount >>> (8 * i)) & 0xff;
                hash *= FNV_PRIME;
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /** Map entries (labels, annotations, resources) sorted, so equal templates always give the same bytes. */
    private static byte[] canonicalJson(PodTemplateSpec template) {
        try {
            return SORTED.writeValueAsBytes(template);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unserializable pod template", e);
        }
    }

    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
        }
        return out.toString();
    }
}
