package io.quarkube.kubelet.staticpods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.json.Json;

import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one static pod manifest (YAML or JSON, one Pod) as the kubelet's file source does: apiVersion v1 and kind
 * Pod are required, the pod needs a name and at least one uniquely named container. Problems are reported as a
 * {@link ManifestException} with a message fit for one log line.
 */
final class ManifestReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** Why a manifest cannot be run. */
    static final class ManifestException extends Exception {
        ManifestException(String message) {
            super(message);
        }
    }

    private ManifestReader() {
    }

    static boolean isManifestName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        // editors' and kubelet's convention: hidden files are ignored
        return !lower.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"));
    }

    static Pod parse(String fileName, byte[] content) throws ManifestException {
        JsonNode tree;
        try {
            tree = fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? Json.MAPPER.readTree(content)
                    : YAML.readTree(content);
        } catch (IOException e) {
            throw new ManifestException("not valid " + (fileName.endsWith(".json") ? "JSON" : "YAML") + ": "
                    + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new ManifestException("expected one Pod object, found " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        if (!"v1".equals(tree.path("apiVersion").asText()) || !"Pod".equals(tree.path("kind").asText())) {
            throw new ManifestException("expected apiVersion v1 and kind Pod, found apiVersion '"
                    + tree.path("apiVersion").asText() + "' kind '" + tree.path("kind").asText() + "'");
        }
        Pod pod;
        try {
            pod = Json.MAPPER.treeToValue(tree, Pod.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ManifestException("not a valid Pod: " + firstLine(e));
        }
        validate(pod);
        return pod;
    }

    private static void validate(Pod pod) throws ManifestException {
        String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            throw new ManifestException("metadata.name: Required value");
        }
        if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            throw new ManifestException("metadata.name: Invalid value: \"" + name + "\": must be a lowercase RFC 1123 "
                    + "subdomain");
        }
        String namespace = pod.getMetadata().getNamespace();
        if (namespace != null && !namespace.isEmpty() && !LABEL.matcher(namespace).matches()) {
            throw new ManifestException("metadata.namespace: Invalid value: \"" + namespace + "\"");
        }
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
            throw new ManifestException("spec.containers: Required value");
        }
        Set<String> names = new HashSet<>();
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName() == null || !LABEL.matcher(c.getName()).matches()) {
                throw new ManifestException("spec.containers.name: Invalid value: \"" + c.getName() + "\"");
            }
            if (!names.add(c.getName())) {
                throw new ManifestException("spec.containers.name: Duplicate value: \"" + c.getName() + "\"");
            }
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
