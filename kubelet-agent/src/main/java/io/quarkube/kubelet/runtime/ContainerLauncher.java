package io.quarkube.kubelet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command lines that start a container run through a generated launch script, which stays as the run's
 * small supervisor so that the run does not depend on the agent being alive. With namespaces a container starts as
 * <pre>setsid nsenter --ipc=.. --net=.. --uts=.. (the holder's) -- unshare --mount --propagation private -- sh launch.sh CMD..</pre>
 * and the script (root, in the container's new mount namespace) bind-mounts each volume at its mountPath,
 * remounts readOnly ones read-only and enters the working directory (creating it when missing); without namespaces
 * it is {@code setsid sh launch.sh CMD..} and only enters the (path-mapped) working directory. Then it runs the
 * command as a foreground child: that child writes its PID to the run's pid file and execs {@code setsid} (a session
 * of its own, which the agent signals and kills as a whole), {@code nsenter --user} into the pod's user namespace
 * when there is one, and the command; so the command keeps that PID and has default signal dispositions (a
 * background job of a non-interactive dash would ignore SIGINT and SIGQUIT). When it ends the script writes its exit
 * status ($?, 128+signal for a signal) to the run's exit file, which any agent reads later. Mount points missing
 * from the host are created there as empty directories (or empty files for a file source): there is no image root
 * filesystem to create them in. A launcher that fails before the command runs writes why to its error file and
 * exits 128, which the runtime reports as a StartError.
 */
final class ContainerLauncher {
    static final int LAUNCH_FAILED = 128;

    private final HostTools tools; // null without namespaces
    private final String sh;
    private final String setsid; // null when the host has none: runs then stay in the launcher's session

    private ContainerLauncher(HostTools tools, String sh, String setsid) {
        this.tools = tools;
        this.sh = sh;
        this.setsid = setsid;
    }

    /** For pods with namespaces. */
    static ContainerLauncher namespaced(HostTools tools) {
        return new ContainerLauncher(tools, tools.sh(), tools.setsid());
    }

    /** For the fallback: host processes, no mounts. */
    static ContainerLauncher onHost() {
        String sh;
        try {
            sh = HostTools.which("sh");
        } catch (IOException e) {
            sh = "/bin/sh";
        }
        String setsid;
        try {
            setsid = HostTools.which("setsid");
        } catch (IOException e) {
            setsid = null;
        }
        return new ContainerLauncher(null, sh, setsid);
    }

    /**
     * Writes the launcher and returns the command line that runs {@code command} through it; {@code holder} is null
     * without namespaces (then {@code mounts} are ignored: the caller mapped paths instead).
     */
    List<String> prepare(PodHolder holder, LaunchFiles files, List<VolumeMounts.Mount> mounts, String workingDir,
                         List<String> command) throws IOException {
        return prepare(holder, files, mounts, workingDir, command, List.of());
    }

    /** As above, the command joining {@code cgroups} (the run's cgroup dirs, see {@link Cgroups}) before its exec. */
    List<String> prepare(PodHolder holder, LaunchFiles files, List<VolumeMounts.Mount> mounts, String workingDir,
                         List<String> command, List<Path> cgroups) throws IOException {
        Files.createDirectories(files.script().getParent());
        Files.writeString(files.script(), script(holder, files, mounts, workingDir, cgroups));
        Files.setPosixFilePermissions(files.script(), PosixFilePermissions.fromString("rwx------"));
        List<String> line = new ArrayList<>();
        if (setsid != null) {
            line.add(setsid); // a session of its own: a terminal's signals to the agent do not reach the run
        }
        if (holder != null) {
            line.add(tools.nsenter());
            line.addAll(holder.sharedNamespaces());
            line.addAll(List.of("--", tools.unshare(), "--mount", "--propagation", "private", "--"));
        }
        line.addAll(List.of(sh, files.script().toString()));
        line.addAll(command);
        return line;
    }

    /** Runs {@code command} in a running container: its mount namespace, the pod's other namespaces. */
    List<String> execIn(PodHolder holder, long containerPid, String workingDir, List<String> command) {
        List<String> line = new ArrayList<>();
        line.add(tools.nsenter());
        line.add("--mount=/proc/" + containerPid + "/ns/mnt");
        line.addAll(holder.sharedNamespaces());
        // cd as host root (the container's root may not search the pod dir's parents), then become the container
        line.addAll(List.of("--", tools.sh(), "-c", "cd \"$1\" || exit 126; shift; exec " + enterUser(holder)
                + "\"$@\"", "sh", workingDir));
        line.addAll(command);
        return line;
    }

    private String script(PodHolder holder, LaunchFiles files, List<VolumeMounts.Mount> mounts, String workingDir,
                          List<Path> cgroups) {
        StringBuilder s = new StringBuilder("""
                #!/bin/sh
                # Generated by quarkube's process runtime (see ContainerLauncher): mounts, working dir, then the
                # command as a child that records its PID; its exit status is written for whichever agent asks.
                fail() { printf '%%s\\n' "$1" > %s; exit %d; }
                """.formatted(quote(files.error().toString()), LAUNCH_FAILED));
        String wd = quote(workingDir);
        if (holder != null) {
            s.append("""
                    mnt() {
                      [ -e "$1" ] || fail "cannot mount $1 at $2: $1 does not exist"
                      if [ -d "$1" ]; then [ -d "$2" ] || %s -p "$2" || fail "cannot create the mount point $2"
                      elif [ ! -e "$2" ]; then { %s -p "${2%%/*}/" && : > "$2"; } || fail "cannot create the mount point $2"
                      fi
                      out=$(%s --bind "$1" "$2" 2>&1) || fail "cannot mount $1 at $2: $out"
                      if [ "$3" = ro ]; then out=$(%s -o remount,bind,ro "$2" 2>&1) || fail "cannot make $2 read-only: $out"; fi
                    }
                    """.formatted(tools.mkdir(), tools.mkdir(), tools.mount(), tools.mount()));
            for (VolumeMounts.Mount mount : mounts) {
                s.append("mnt ").append(quote(mount.hostPath().toString())).append(' ')
                        .append(quote(mount.containerPath())).append(mount.readOnly() ? " ro" : " rw").append('\n');
            }
            s.append("if [ ! -d ").append(wd).append(" ]; then ").append(tools.mkdir()).append(" -p ").append(wd);
            if (holder.userNamespace()) {
                s.append(" && ").append(tools.chown()).append(' ').append(PodHolder.USERNS_HOST_ID).append(':')
                        .append(PodHolder.USERNS_HOST_ID).append(' ').append(wd);
            }
            s.append(" || fail \"cannot create the working directory\"; fi\n");
        }
        s.append("cd ").append(wd).append(" || fail \"cannot enter the working directory\"\n");
        // the child joins the run's cgroups (limits apply from its exec on; a failure leaves the error file and no
        // exit file, a StartError), then writes its PID before setsid: until then it is in this script's session,
        // where a stop finds it
        StringBuilder join = new StringBuilder();
        for (Path cgroup : cgroups) {
            join.append("echo $$ > ").append(quote(cgroup.resolve("cgroup.procs").toString()).replace("'", "'\\''"))
                    .append(" && ");
        }
        String joinFailed = cgroups.isEmpty() ? "" : " || { echo \"cannot join the container cgroup\" > "
                + quote(files.error().toString()).replace("'", "'\\''") + "; exit " + LAUNCH_FAILED + "; }";
        s.append(quote(sh)).append(" -c '").append(cgroups.isEmpty() ? "" : "{ " + join + "true; } 2>/dev/null"
                + joinFailed + "; ").append("echo $$ > \"$0\" && exec \"$@\"' ")
                .append(quote(files.pid().toString()));
        if (setsid != null) {
            s.append(' ').append(quote(setsid)).append(" --");
        }
        if (holder != null && holder.userNamespace()) {
            s.append(' ').append(enterUser(holder).trim());
        }
        s.append(" \"$@\"\n");
        s.append("rc=$?\n");
        if (!cgroups.isEmpty()) {
            s.append("[ -e ").append(quote(files.error().toString())).append(" ] && exit $rc\n");
        }
        s.append("echo $rc > ").append(quote(files.exit().toString())).append('\n');
        s.append("exit $rc\n");
        return s.toString();
    }

    /** nsenter into the pod's user namespace (uid and gid 0 there), or nothing without one. */
    private String enterUser(PodHolder holder) {
        return holder.userNamespace() ? tools.nsenter() + " " + holder.nsOption("user", "user") + " -- " : "";
    }

    /** Single-quotes for sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
