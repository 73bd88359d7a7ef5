package io.quarkube.apiserver.rest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.validation.FieldErrors;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The query of a pods/log request (PodLogOptions), checked as kube-apiserver checks it, and which container it is
 * for (pkg/registry/core/pod/strategy.go: the only container, else the one named; quarkube also honours
 * {@code kubectl.kubernetes.io/default-container}). The options go to the kubelet as they came.
 */
final class PodLogOptions {
    static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";
    private static final List<String> PASSED_ON = List.of("tailLines", "limitBytes", "sinceSeconds", "sinceTime",
            "timestamps", "follow", "previous");
    /** Only to word 422s as Kubernetes does: {@code PodLogOptions "p1" is invalid: ...}. */
    private static final ResourceType<Pod> KIND =
            new ResourceType<>("", "v1", "PodLogOptions", "pods", "podlogoptions", true, Pod.class);

    private final String container;
    private final Map<String, String> passedOn;

    private PodLogOptions(String container, Map<String, String> passedOn) {
        this.container = container;
        this.passedOn = passedOn;
    }

    /** Checks the options (400 when they do not parse, 422 when they are invalid) before the pod is looked at. */
    static PodLogOptions parse(String podName, Function<String, String> query) {
        Map<String, String> passedOn = new LinkedHashMap<>();
        for (String name : PASSED_ON) {
            String value = query.apply(name);
            if (value != null) {
                passedOn.put(name, value);
            }
        }
        Long tailLines = number(passedOn, "tailLines");
        Long limitBytes = number(passedOn, "limitBytes");
        Long sinceSeconds = number(passedOn, "sinceSeconds");
        if (passedOn.containsKey("sinceTime")) {
            try {
                OffsetDateTime.parse(passedOn.get("sinceTime"));
            } catch (DateTimeParseException e) {
                throw StatusException.badRequest("sinceTime: \"" + passedOn.get("sinceTime")
                        + "\" is not an RFC 3339 time");
            }
        }
        FieldErrors errors = new FieldErrors();
        if (tailLines != null && tailLines < 0) {
            errors.invalid("tailLines", tailLines, "must be greater than or equal to 0");
        }
        if (limitBytes != null && limitBytes < 1) {
            errors.invalid("limitBytes", limitBytes, "must be greater than 0");
        }
        if (sinceSeconds != null && passedOn.containsKey("sinceTime")) {
            errors.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified");
        } else if (sinceSeconds != null && sinceSeconds < 1) {
            errors.invalid("sinceSeconds", sinceSeconds, "must be greater than 0");
        }
        errors.throwIfAny(KIND, podName);
        return new PodLogOptions(query.apply("container"), passedOn);
    }

    boolean follow() {
        String value = passedOn.get("follow");
        return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    /** The container the log is of; 400 when the pod has several and none is named, or the named one is not in it. */
    String container(Pod pod) {
        String name = pod.getMetadata().getName();
        List<String> all = containerNames(pod);
        if (container != null && !container.isEmpty()) {
            if (!all.contains(container)) {
                throw StatusException.badRequest("container " + container + " is not valid for pod " + name);
            }
            return container;
        }
        var annotations = pod.getMetadata().getAnnotations();
        String preferred = annotations == null ? null : annotations.get(DEFAULT_CONTAINER);
        if (preferred != null && all.contains(preferred)) {
            return preferred;
        }
        List<Container> containers = Objects.requireNonNullElse(pod.getSpec().getContainers(), List.of());
        if (containers.size() == 1) {
            return containers.get(0).getName();
        }
        if (containers.isEmpty()) {
            throw StatusException.badRequest("a container name must be specified for pod " + name);
        }
        throw StatusException.badRequest("a container name must be specified for pod " + name + ", choose one of: ["
                + String.join(" ", all) + "]");
    }

    /** The kubelet's path for this log: {@code /containerLogs/{namespace}/{pod}/{container}?<options>}. */
    String kubeletUri(String namespace, String podName, String containerName) {
        StringBuilder uri = new StringBuilder("/containerLogs/").append(encode(namespace)).append('/')
                .append(encode(podName)).append('/').append(encode(containerName));
        char separator = '?';
        for (var option : passedOn.entrySet()) {
            uri.append(separator).append(option.getKey()).append('=').append(encode(option.getValue()));
            separator = '&';
        }
        return uri.toString();
    }

    /** Init containers, containers, ephemeral containers: the order Kubernetes lists them in. */
    private static List<String> containerNames(Pod pod) {
        List<String> names = new ArrayList<>();
        Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.<Container>of())
                .forEach(c -> names.add(c.getName()));
        Objects.requireNonNullElse(pod.getSpec().getContainers(), List.<Container>of())
                .forEach(c -> names.add(c.getName()));
        Objects.requireNonNullElse(pod.getSpec().getEphemeralContainers(), List.<EphemeralContainer>of())
                .forEach(c -> names.add(c.getName()));
        return names;
    }

    private static Long number(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw StatusException.badRequest(name + ": \"" + value + "\" is not an integer");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
