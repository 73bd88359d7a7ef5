package io.quarkube.kubelet.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pod's pause process: started by {@code setsid unshare} in new IPC (and, unless the pod uses the host network,
 * network and UTS) namespaces, optionally in a new user namespace, it says "ready" and then only sleeps, holding
 * them. The namespaces live as long as it (and any container in them) does. It is in a session of its own and
 * reads nothing from the agent, so it outlives an agent that crashes: the next agent finds it by PID and start
 * time in the pod's state file ({@link #adopt}). Only {@link #kill()} (sandbox removal, agent shutdown) ends it.
 *
 * <p>In a user namespace, uid and gid 0..65535 map to host {@link #USERNS_HOST_ID}.. so a container's root is an
 * unprivileged host user. The holder is configured from outside by the agent (host root keeps every capability
 * over namespaces its user namespaces own): the id maps written to /proc, the hostname and {@code lo} set through
 * {@code nsenter}.
 */
final class PodHolder {
    static final int USERNS_HOST_ID = 100_000;
    static final int USERNS_SIZE = 65_536;
    private static final long READY_TIMEOUT_MS = 5_000;

    private final long pid;
    private final long startTime;
    private final Process process; // null when adopted from an earlier agent
    private final boolean userNamespace;
    private final boolean ownNetwork;

    private PodHolder(long pid, long startTime, Process process, boolean userNamespace, boolean ownNetwork) {
        this.pid = pid;
        this.startTime = startTime;
        this.process = process;
        this.userNamespace = userNamespace;
        this.ownNetwork = ownNetwork;
    }

    /** {@code hostname} null: the pod shares the host's network and UTS namespaces (hostNetwork). */
    static PodHolder start(HostTools tools, boolean userNamespace, String hostname) throws IOException {
        boolean ownNetwork = hostname != null;
        List<String> command = new ArrayList<>(List.of(tools.setsid(), tools.unshare(), "--ipc"));
        if (userNamespace) {
            command.add("--user");
        }
        if (ownNetwork) {
            command.addAll(List.of("--net", "--uts"));
        }
        command.addAll(List.of("--", tools.sh(), "-c", "echo ready; exec \"$0\" infinity </dev/null >/dev/null 2>&1",
                tools.sleep()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        PodHolder holder = new PodHolder(process.pid(), 0, process, userNamespace, ownNetwork);
        try {
            awaitReady(process);
            holder = new PodHolder(process.pid(), ProcStat.startTimeOf(process.pid()), process, userNamespace,
                    ownNetwork);
            if (userNamespace) {
                String map = "0 " + USERNS_HOST_ID + " " + USERNS_SIZE + "\n";
                Files.writeString(Path.of("/proc", Long.toString(holder.pid()), "uid_map"), map);
                Files.writeString(Path.of("/proc", Long.toString(holder.pid()), "gid_map"), map);
            }
            if (ownNetwork) {
                HostTools.run(tools.nsenter(), "--target", Long.toString(holder.pid()), "--uts", "--net", "--",
                        tools.sh(), "-c", "hostname \"$1\" && \"$2\" link set lo up", "sh", hostname, tools.ip());
            }
            return holder;
        } catch (IOException | RuntimeException e) {
            holder.kill();
            throw e;
        }
    }

    /** The holder an earlier agent started, if that very process (same PID and start time) still runs. */
    static Optional<PodHolder> adopt(long pid, long startTime, boolean userNamespace, boolean ownNetwork) {
        return ProcStat.isRunning(pid, startTime)
                ? Optional.of(new PodHolder(pid, startTime, null, userNamespace, ownNetwork)) : Optional.empty();
    }

    private static void awaitReady(Process process) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String first = line.get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!"ready".equals(first)) {
                throw new IOException("unshare failed: " + (first == null ? "no output" : first));
            }
        } catch (TimeoutException e) {
            throw new IOException("the pod's holder process did not start within " + READY_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    long pid() {
        return pid;
    }

    long startTime() {
        return startTime;
    }

    boolean alive() {
        return ProcStat.isRunning(pid, startTime);
    }

    boolean userNamespace() {
        return userNamespace;
    }

    boolean ownNetwork() {
        return ownNetwork;
    }

    /** A namespace of the holder as nsenter takes it: {@code --net=/proc/<pid>/ns/net}. */
    String nsOption(String option, String ns) {
        return "--" + option + "=/proc/" + pid() + "/ns/" + ns;
    }

    /** The nsenter options that join the pod's shared namespaces (not the user namespace: it is entered last). */
    List<String> sharedNamespaces() {
        List<String> options = new ArrayList<>(List.of(nsOption("ipc", "ipc")));
        if (ownNetwork) {
            options.add(nsOption("net", "net"));
            options.add(nsOption("uts", "uts"));
        }
        return options;
    }

    /** Ends the holder; its namespaces go once no container is left in them. */
    void kill() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        Signals.terminate(pid, startTime, 2_000);
    }
}
