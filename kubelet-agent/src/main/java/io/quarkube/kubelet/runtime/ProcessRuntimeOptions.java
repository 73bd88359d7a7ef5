package io.quarkube.kubelet.runtime;

/**
 * The process runtime's settings. {@code nodeCpu}/{@code nodeMemory}: the node's allocatable, which the Downward
 * API reports for a limit a container does not set. {@code userNamespaces}: run each pod in a user namespace whose
 * root is host uid 100000 when the host allows it.
 */
public record ProcessRuntimeOptions(ProcessIsolation isolation, boolean userNamespaces, String nodeCpu,
                                    String nodeMemory) {

    public static ProcessRuntimeOptions defaults() {
        return new ProcessRuntimeOptions(ProcessIsolation.AUTO, true, "4", "8Gi");
    }

    public ProcessRuntimeOptions withIsolation(ProcessIsolation isolation) {
        return new ProcessRuntimeOptions(isolation, userNamespaces, nodeCpu, nodeMemory);
    }

    public ProcessRuntimeOptions withUserNamespaces(boolean userNamespaces) {
        return new ProcessRuntimeOptions(isolation, userNamespaces, nodeCpu, nodeMemory);
    }
}
