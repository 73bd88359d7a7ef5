package io.quarkube.kubelet.lifecycle;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.quarkube.kubelet.prober.ContainerTarget;
import io.quarkube.kubelet.prober.HttpCheck;
import io.quarkube.kubelet.prober.Ports;
import io.quarkube.kubelet.prober.Timers;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.ExecResult;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one lifecycle handler against a container run, as the kubelet's handlerRunner: exec in the container (fails
 * on a non-zero exit), httpGet to the pod (fails only if no HTTP response comes back: the status code does not
 * matter for hooks), sleep (a timer, no thread). tcpSocket is accepted by the API for compatibility but is not a
 * hook action: it fails. Blocking work goes to {@code blocking}; the returned future never fails.
 */
public final class HookRunner {
    private final ContainerRuntime runtime;
    private final Executor blocking;
    private final Timers timers;

    public HookRunner(ContainerRuntime runtime, Executor blocking, Timers timers) {
        this.runtime = runtime;
        this.blocking = blocking;
        this.timers = timers;
    }

    /** {@code timeout} bounds exec and httpGet; a preStop's caller also stops waiting at the grace period. */
    public CompletableFuture<HookResult> run(ContainerTarget target, LifecycleHandler handler, Duration timeout) {
        if (handler.getExec() != null) {
            List<String> command = Objects.requireNonNullElse(handler.getExec().getCommand(), List.of());
            return async(() -> exec(target, command, timeout));
        }
        if (handler.getHttpGet() != null) {
            if (runtime.simulatesNetwork()) {
                return CompletableFuture.completedFuture(HookResult.OK);
            }
            return async(() -> httpGet(target, handler.getHttpGet(), timeout));
        }
        if (handler.getSleep() != null) {
            long seconds = Math.max(0, Objects.requireNonNullElse(handler.getSleep().getSeconds(), 0L));
            return timers.delay(Duration.ofSeconds(seconds)).thenApply(v -> HookResult.OK);
        }
        return CompletableFuture.completedFuture(HookResult.failed("Cannot run handler: invalid handler"));
    }

    private HookResult exec(ContainerTarget target, List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            return HookResult.failed("Cannot run handler: exec hook has no command");
        }
        ExecResult result = runtime.exec(target.sandbox(), target.handle(), command, timeout);
        if (result.succeeded()) {
            return HookResult.OK;
        }
        String joined = String.join(" ", command);
        String error = result.timedOut() ? "command '" + joined + "' timed out"
                : "command '" + joined + "' exited with " + result.exitCode() + ": " + result.output();
        return HookResult.failed("Exec lifecycle hook (" + command.toString().replace(",", "") + ") for Container \""
                + target.name() + "\" in Pod \"" + target.podDescription() + "\" failed - error: " + error
                + ", message: \"" + result.output() + "\"");
    }

    private HookResult httpGet(ContainerTarget target, HTTPGetAction action, Duration timeout) {
        String error;
        try {
            int port = Ports.resolve(action.getPort(), target.container());
            HttpCheck.Response response = HttpCheck.get(action.getScheme(), target.address(action.getHost()), port,
                    action.getPath(), action.getHttpHeaders(), timeout, "kube-lifecycle/" + HttpCheck.KUBE_VERSION);
            if (response.received()) {
                return HookResult.OK;
            }
            error = response.error();
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        return HookResult.failed("HTTP lifecycle hook (" + action.getPath() + ") for Container \"" + target.name()
                + "\" in Pod \"" + target.podDescription() + "\" failed - error: " + error);
    }

    private CompletableFuture<HookResult> async(java.util.function.Supplier<HookResult> hook) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return hook.get();
                } catch (RuntimeException e) {
                    return HookResult.failed(Objects.requireNonNullElse(e.getMessage(), e.toString()));
                }
            }, blocking);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(HookResult.failed("the kubelet is shutting down"));
        }
    }
}
