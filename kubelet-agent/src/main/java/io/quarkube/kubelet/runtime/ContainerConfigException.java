package io.quarkube.kubelet.runtime;

/**
 * A container's spec asks for something this runtime cannot give it (an unsupported env source, a bad subPath):
 * the container is not started and reports CreateContainerConfigError, as the kubelet does for a missing ConfigMap.
 */
public final class ContainerConfigException extends Exception {

    public ContainerConfigException(String message) {
        super(message);
    }
}
