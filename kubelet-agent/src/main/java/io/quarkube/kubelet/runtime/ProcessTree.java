package io.quarkube.kubelet.runtime;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kills a process and everything it started. The tree is captured before signalling because children of a dead
 * parent are re-parented and would no longer show up as its descendants.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /** SIGTERM to the whole tree, SIGKILL to whatever is left after the grace period. */
    static CompletableFuture<Void> terminate(ProcessHandle root, Duration grace, ScheduledExecutorService timers) {
        Set<ProcessHandle> tree = snapshot(Set.of(root));
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<Void> gone = allExited(tree);
        if (!gone.isDone()) {
            timers.schedule(() -> {
                if (!gone.isDone()) {
                    // Re-snapshot: a process may have forked while we waited.
                    snapshot(tree).forEach(ProcessHandle::destroyForcibly);
                }
            }, Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
        }
        return gone;
    }

    /** The live processes among the given ones, plus all their live descendants. */
    static Set<ProcessHandle> snapshot(Set<ProcessHandle> roots) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            if (root.isAlive()) {
                all.add(root);
            }
            root.descendants().filter(ProcessHandle::isAlive).forEach(all::add);
        }
        return all;
    }

    private static CompletableFuture<Void> allExited(Set<ProcessHandle> processes) {
        return CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit)
                .collect(Collectors.toList()).toArray(CompletableFuture[]::new));
    }
}
