package io.quarkube.kubelet.runtime;

import java.nio.file.Path;

/** A pod's shared environment (CRI's sandbox): its identity, IP and work directory. */
public record PodSandbox(String uid, String namespace, String name, String nodeName, String podIP, Path dir) {

    public String fullName() {
        return namespace + "/" + name;
    }
}
