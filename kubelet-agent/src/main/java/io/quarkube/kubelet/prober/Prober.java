package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.ExecResult;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a probe's handler once, as the kubelet's prober: exec through the runtime (exit 0 = success, a command still
 * running at the timeout = failure), httpGet (200 <= code < 400), tcpSocket (a connection opens). gRPC probes are
 * not supported: they error, and the worker reports it once and stops. Blocks up to the probe's timeout.
 */
public final class Prober {
    static final String GRPC_UNSUPPORTED = "grpc probes are not supported by this kubelet (quarkube)";

    private final ContainerRuntime runtime;

    public Prober(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** True when every check passes without running (a runtime with simulated network and exec). */
    public boolean simulated() {
        return runtime.simulatesNetwork();
    }

    public ProbeOutcome run(ContainerTarget target, Probe probe, Duration timeout) {
        try {
            if (probe.getExec() != null) {
                return exec(target, probe.getExec(), timeout);
            }
            if (probe.getHttpGet() != null) {
                return httpGet(target, probe.getHttpGet(), timeout);
            }
            if (probe.getTcpSocket() != null) {
                return tcpSocket(target, probe.getTcpSocket(), timeout);
            }
            if (probe.getGrpc() != null) {
                return ProbeOutcome.unsupported(GRPC_UNSUPPORTED);
            }
            return ProbeOutcome.unsupported("missing probe handler for " + target.podDescription() + ":"
                    + target.name());
        } catch (IllegalArgumentException e) {
            return ProbeOutcome.error(e.getMessage()); // a port the container does not declare
        } catch (RuntimeException e) {
            return ProbeOutcome.error(Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
    }

    private ProbeOutcome exec(ContainerTarget target, ExecAction action, Duration timeout) {
        List<String> command = Objects.requireNonNullElse(action.getCommand(), List.of());
        if (command.isEmpty()) {
            return ProbeOutcome.error("exec probe has no command");
        }
        ExecResult result = runtime.exec(target.sandbox(), target.handle(), command, timeout);
        if (result.timedOut()) {
            return ProbeOutcome.failure("command \"" + String.join(" ", command) + "\" timed out");
        }
        return result.exitCode() == 0 ? ProbeOutcome.success(result.output()) : ProbeOutcome.failure(result.output());
    }

    private ProbeOutcome httpGet(ContainerTarget target, HTTPGetAction action, Duration timeout) {
        int port = Ports.resolve(action.getPort(), target.container());
        if (runtime.simulatesNetwork()) {
            return ProbeOutcome.success("");
        }
        HttpCheck.Response response = HttpCheck.get(action.getScheme(), target.address(action.getHost()), port,
                action.getPath(), action.getHttpHeaders(), timeout, "kube-probe/" + HttpCheck.KUBE_VERSION);
        if (!response.received()) {
            return ProbeOutcome.failure(response.error());
        }
        int code = response.statusCode();
        return code >= 200 && code < 400 ? ProbeOutcome.success("")
                : ProbeOutcome.failure("HTTP probe failed with statuscode: " + code);
    }

    private ProbeOutcome tcpSocket(ContainerTarget target, TCPSocketAction action, Duration timeout) {
        int port = Ports.resolve(action.getPort(), target.container());
        if (runtime.simulatesNetwork()) {
            return ProbeOutcome.success("");
        }
        return TcpCheck.probe(target.address(action.getHost()), port, timeout);
    }
}
