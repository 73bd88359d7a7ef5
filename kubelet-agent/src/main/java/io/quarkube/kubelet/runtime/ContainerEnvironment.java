package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: PATH and HOME from the host (there is no image to take them
 * from), HOSTNAME, then {@code env} in order with {@code $(VAR)} expanded against the variables before it, and the
 * Downward API: {@code fieldRef} (metadata.name/namespace/uid, labels['k'], annotations['k'], spec.nodeName,
 * spec.serviceAccountName, status.podIP(s), status.hostIP(s)) and {@code resourceFieldRef} (limits and requests of
 * cpu and memory, rounded up to the divisor; a missing limit is the node's allocatable, as the kubelet does).
 * ConfigMap and Secret sources are not supported yet: they fail the container with CreateContainerConfigError.
 */
public final class ContainerEnvironment {
    private static final Pattern MAP_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Quantity nodeCpu;
    private final Quantity nodeMemory;
    private final String hostPath;

    /** {@code nodeCpu}/{@code nodeMemory}: the node's allocatable, the value of a limit the container does not set. */
    public ContainerEnvironment(String nodeCpu, String nodeMemory) {
        this(nodeCpu, nodeMemory, System.getenv().getOrDefault("PATH", DEFAULT_PATH));
    }

    ContainerEnvironment(String nodeCpu, String nodeMemory, String hostPath) {
        this.nodeCpu = new Quantity(nodeCpu);
        this.nodeMemory = new Quantity(nodeMemory);
        this.hostPath = hostPath;
    }

    /** Where the pod runs, as its containers see it. */
    public record PodView(String podIP, String hostIP, String hostname, String home) {
    }

    public Map<String, String> build(Pod pod, Container container, PodView view) throws ContainerConfigException {
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new ContainerConfigException("container " + container.getName()
                    + ": envFrom is not supported by the process runtime yet");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", hostPath);
        env.put("HOME", view.home());
        env.put("HOSTNAME", view.hostname());
        for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (var.getValueFrom() != null) {
                env.put(var.getName(), valueFrom(pod, container, view, var.getName(), var.getValueFrom()));
            } else {
                env.put(var.getName(), var.getValue() == null ? "" : VarExpansion.expand(var.getValue(), env));
            }
        }
        return env;
    }

    private String valueFrom(Pod pod, Container container, PodView view, String name, EnvVarSource source)
            throws ContainerConfigException {
        if (source.getFieldRef() != null) {
            return field(pod, view, name, source.getFieldRef());
        }
        if (source.getResourceFieldRef() != null) {
            return resource(pod, container, name, source.getResourceFieldRef());
        }
        String kind = source.getConfigMapKeyRef() != null ? "configMapKeyRef"
                : source.getSecretKeyRef() != null ? "secretKeyRef" : "an empty source";
        throw new ContainerConfigException("env " + name + ": valueFrom." + kind
                + " is not supported by the process runtime yet");
    }

    private static String field(Pod pod, PodView view, String name, ObjectFieldSelector ref)
            throws ContainerConfigException {
        String path = Objects.requireNonNullElse(ref.getFieldPath(), "");
        var meta = pod.getMetadata();
        Matcher key = MAP_KEY.matcher(path);
        if (key.matches()) {
            Map<String, String> map = key.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
            return map == null ? "" : map.getOrDefault(key.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
            case "status.podIP", "status.podIPs" -> nullToEmpty(view.podIP());
            case "status.hostIP", "status.hostIPs" -> view.hostIP();
            default -> throw new ContainerConfigException("env " + name + ": unsupported fieldRef.fieldPath \""
                    + path + "\"");
        };
    }

    private String resource(Pod pod, Container self, String name, ResourceFieldSelector ref)
            throws ContainerConfigException {
        Container container = self;
        if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
            container = find(pod, ref.getContainerName());
            if (container == null) {
                throw new ContainerConfigException("env " + name + ": resourceFieldRef names no container \""
                        + ref.getContainerName() + "\"");
            }
        }
        String resource = Objects.requireNonNullElse(ref.getResource(), "");
        ResourceRequirements resources = container.getResources();
        Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
        Map<String, Quantity> requests = resources == null ? null : resources.getRequests();
        Quantity value = switch (resource) {
            case "limits.cpu" -> orElse(get(limits, "cpu"), nodeCpu);
            case "limits.memory" -> orElse(get(limits, "memory"), nodeMemory);
            // the API defaults a missing request to the limit; with neither the request is zero
            case "requests.cpu" -> orElse(get(requests, "cpu"), orElse(get(limits, "cpu"), new Quantity("0")));
            case "requests.memory" -> orElse(get(requests, "memory"),
                    orElse(get(limits, "memory"), new Quantity("0")));
            default -> throw new ContainerConfigException("env " + name + ": unsupported resourceFieldRef.resource \""
                    + resource + "\"");
        };
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
        if (divisor.signum() <= 0) {
            throw new ContainerConfigException("env " + name + ": resourceFieldRef.divisor must be positive");
        }
        return value.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static Container find(Pod pod, String containerName) {
        for (List<Container> list : List.of(Objects.requireNonNullElse(pod.getSpec().getContainers(), List.<Container>of()),
                Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.<Container>of()))) {
            for (Container c : list) {
                if (containerName.equals(c.getName())) {
                    return c;
                }
            }
        }
        return null;
    }

    private static Quantity get(Map<String, Quantity> map, String key) {
        return map == null ? null : map.get(key);
    }

    private static Quantity orElse(Quantity value, Quantity fallback) {
        return value != null ? value : fallback;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
