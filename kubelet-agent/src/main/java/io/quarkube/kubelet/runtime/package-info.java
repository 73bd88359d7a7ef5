/**
 * The container runtime interface (CRI-like) and its two implementations: host processes and simulated
 * (KWOK-style) containers. A runtime completes handle futures; it never calls back into the kubelet.
 *
 * <h2>The process runtime's pod sandbox</h2>
 * {@link io.quarkube.kubelet.runtime.ProcessRuntime} decides once at start, by trying it
 * ({@link io.quarkube.kubelet.runtime.SandboxIsolation}), how pods are isolated
 * ({@code quarkube.kubelet.process.isolation=auto|namespaces|none}) and logs one line saying which and why.
 * <ul>
 * <li><b>Namespaces</b> (root, util-linux unshare/nsenter, iproute2). Each pod has a pause-like
 * {@link io.quarkube.kubelet.runtime.PodHolder} in new network, UTS and IPC namespaces (and a user namespace mapping
 * container root to host uid 100000, {@code quarkube.kubelet.process.user-namespaces}); its hostname is the pod's.
 * {@link io.quarkube.kubelet.runtime.PodNetwork} gives it {@code eth0} with the pod IP on a bridge per node /24
 * (gateway .1), so the agent reaches podIP:port. Each container joins the holder's namespaces and gets its own mount
 * namespace, where the generated launcher ({@link io.quarkube.kubelet.runtime.ContainerLauncher}) bind-mounts its
 * volumes ({@link io.quarkube.kubelet.runtime.VolumeMounts}) and the pod's /etc/hosts, /etc/hostname and
 * /etc/resolv.conf ({@link io.quarkube.kubelet.runtime.PodEtcFiles}), enters the working directory, and runs the
 * command (see below). {@link io.quarkube.kubelet.runtime.ContainerExec} runs exec probes and hooks inside the
 * container's mount namespace and the pod's namespaces. A hostNetwork pod keeps the host's network and hostname and
 * reports the host's IP.</li>
 * <li><b>None</b> (fallback): containers are plain host processes on the host network; the pod IP is the host's;
 * volumes are reached through {@link io.quarkube.kubelet.runtime.PathMapping} (mountPaths in command, args, env and
 * workingDir rewritten to the volumes' directories).</li>
 * </ul>
 * In both, where the agent can create cgroups ({@link io.quarkube.kubelet.runtime.Cgroups}: v1 memory and cpu, or
 * v2), each container run gets a cgroup under its pod's {@code quarkube/pod<uid>} with its memory limit and cpu
 * quota, and a run the kernel OOM-killed is reported OOMKilled.
 * {@link io.quarkube.kubelet.runtime.ContainerEnvironment} builds the environment (env with $(VAR)
 * expansion, the Downward API), and a container without a command is a simulated long-running process that says so
 * in its log.
 *
 * <h2>Runs that outlive the agent</h2>
 * Every process run goes through the generated launch script, which stays as its supervisor: the command is its
 * foreground child in a session of its own (setsid), writes its PID to the run dir, appends stdout and stderr to
 * plain files there, and the script records the exit status in an exit file. The agent's
 * {@link io.quarkube.kubelet.runtime.RunMonitor} copies the output files into the CRI log (remembering the offsets on
 * disk) and notices ends by PID and start time ({@link io.quarkube.kubelet.runtime.ProcStat}); stops signal the
 * command's session ({@link io.quarkube.kubelet.runtime.Signals}). Holders are detached too. So an agent that crashes
 * leaves its pods running, and the next one takes them over ({@link io.quarkube.kubelet.runtime.ProcessTakeover})
 * from each pod's {@link io.quarkube.kubelet.runtime.SandboxState} file, verified by PID and start time, through
 * {@link io.quarkube.kubelet.runtime.ContainerRuntime#adoptSandbox} and
 * {@link io.quarkube.kubelet.runtime.ContainerRuntime#adoptContainer} (the simulated runtime takes over what the
 * pod's status reports); sandboxes of pods that are gone are removed
 * ({@link io.quarkube.kubelet.runtime.ContainerRuntime#removeLeftoverSandbox}). A graceful {@code close()} still
 * stops everything. docs/process-runtime.md has the whole picture and the limits.
 */
package io.quarkube.kubelet.runtime;
