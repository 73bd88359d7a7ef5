package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.api.defaults.PodSpecDefaults;
import io.quarkube.apiserver.validation.FieldErrors;
import io.quarkube.apiserver.validation.Names;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Defaults and validation of a PodSpec, shared by pods and the pod templates of workloads. */
public final class PodSpecRules {
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");

    private PodSpecRules() {
    }

    /** Kubernetes' SetDefaults_PodSpec and SetDefaults_Container, for the fields quarkube uses. */
    public static void applyDefaults(PodSpec spec) {
        PodSpecDefaults.apply(spec);
    }

    /** The tolerations every pod gets so it is evicted 5 minutes after its node becomes unreachable. */
    public static void addDefaultTolerations(PodSpec spec) {
        List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>()
                : new ArrayList<>(spec.getTolerations());
        for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            if (tolerations.stream().noneMatch(t -> key.equals(t.getKey()))) {
                tolerations.add(new Toleration("NoExecute", key, "Exists", 300L, null));
            }
        }
        spec.setTolerations(tolerations);
    }

    public static void validate(PodSpec spec, String path, FieldErrors errors) {
        if (spec == null) {
            errors.required(path);
            return;
        }
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            errors.required(path + ".containers");
        }
        Set<String> names = new HashSet<>();
        validateContainers(spec.getInitContainers(), path + ".initContainers", names, errors);
        validateContainers(spec.getContainers(), path + ".containers", names, errors);
        if (spec.getRestartPolicy() != null && !RESTART_POLICIES.contains(spec.getRestartPolicy())) {
            errors.notSupported(path + ".restartPolicy", spec.getRestartPolicy(), RESTART_POLICIES);
        }
        if (spec.getActiveDeadlineSeconds() != null && spec.getActiveDeadlineSeconds() <= 0) {
            errors.invalid(path + ".activeDeadlineSeconds", spec.getActiveDeadlineSeconds(),
                    "must be between 1 and 2147483647, inclusive");
        }
    }

    private static void validateContainers(List<Container> containers, String path, Set<String> names,
                                           FieldErrors errors) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            Names.checkLabel(errors, at + ".name", c.getName());
            if (c.getName() != null && !names.add(c.getName())) {
                errors.duplicate(at + ".name", c.getName());
            }
            if (c.getImage() == null || c.getImage().isBlank()) {
                errors.required(at + ".image");
            }
            validatePorts(c.getPorts(), at + ".ports", errors);
            validateProbe(c.getLivenessProbe(), at + ".livenessProbe", errors);
            validateProbe(c.getReadinessProbe(), at + ".readinessProbe", errors);
            validateProbe(c.getStartupProbe(), at + ".startupProbe", errors);
            validateResources(c.getResources(), at + ".resources", errors);
        }
    }

    /** A probe has exactly one handler and positive timings (validateProbe in pkg/apis/core/validation). */
    private static void validateProbe(io.fabric8.kubernetes.api.model.Probe probe, String path, FieldErrors errors) {
        if (probe == null) {
            return;
        }
        int handlers = (probe.getExec() != null ? 1 : 0) + (probe.getHttpGet() != null ? 1 : 0)
                + (probe.getTcpSocket() != null ? 1 : 0) + (probe.getGrpc() != null ? 1 : 0);
        if (handlers == 0) {
            errors.required(path);
        } else if (handlers > 1) {
            errors.forbidden(path, "may not specify more than 1 handler type");
        }
        positive(probe.getPeriodSeconds(), path + ".periodSeconds", errors);
        positive(probe.getTimeoutSeconds(), path + ".timeoutSeconds", errors);
        positive(probe.getSuccessThreshold(), path + ".successThreshold", errors);
        positive(probe.getFailureThreshold(), path + ".failureThreshold", errors);
        if (probe.getInitialDelaySeconds() != null && probe.getInitialDelaySeconds() < 0) {
            errors.invalid(path + ".initialDelaySeconds", probe.getInitialDelaySeconds(),
                    "must be greater than or equal to 0");
        }
        if (probe.getHttpGet() != null && probe.getHttpGet().getPort() == null) {
            errors.required(path + ".httpGet.port");
        }
        if (probe.getTcpSocket() != null && probe.getTcpSocket().getPort() == null) {
            errors.required(path + ".tcpSocket.port");
        }
    }

    private static void positive(Integer value, String field, FieldErrors errors) {
        if (value != null && value < 1) {
            errors.invalid(field, value, "must be greater than or equal to 1");
        }
    }

    private static void validatePorts(List<ContainerPort> ports, String path, FieldErrors errors) {
        if (ports == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            Integer port = p.getContainerPort();
            if (port == null || port < 1 || port > 65535) {
                errors.invalid(path + "[" + i + "].containerPort", port, "must be between 1 and 65535, inclusive");
            }
            if (p.getName() != null && !names.add(p.getName())) {
                errors.duplicate(path + "[" + i + "].name", p.getName());
            }
        }
    }

    private static void validateResources(ResourceRequirements resources, String path, FieldErrors errors) {
        if (resources == null) {
            return;
        }
        Map<String, BigDecimal> requests = parse(resources.getRequests(), path + ".requests", errors);
        Map<String, BigDecimal> limits = parse(resources.getLimits(), path + ".limits", errors);
        requests.forEach((name, request) -> {
            BigDecimal limit = limits.get(name);
            if (limit != null && request.compareTo(limit) > 0) {
                errors.invalid(path + ".requests[" + name + "]", resources.getRequests().get(name).toString(),
                        "must be less than or equal to " + name + " limit of " + resources.getLimits().get(name));
            }
        });
    }

    private static Map<String, BigDecimal> parse(Map<String, Quantity> quantities, String path, FieldErrors errors) {
        Map<String, BigDecimal> parsed = new java.util.HashMap<>();
        if (quantities == null) {
            return parsed;
        }
        quantities.forEach((name, q) -> {
            try {
                BigDecimal value = Quantity.getAmountInBytes(q);
                if (value.signum() < 0) {
                    errors.invalid(path + "[" + name + "]", q.toString(), "must be greater than or equal to 0");
                }
                parsed.put(name, value);
            } catch (RuntimeException e) {
                errors.invalid(path + "[" + name + "]", String.valueOf(q), "quantities must match the regular "
                        + "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
            }
        });
        return parsed;
    }
}
