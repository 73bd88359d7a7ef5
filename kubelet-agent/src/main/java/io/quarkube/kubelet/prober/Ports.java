package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.List;
import java.util.Objects;

/** The port of an httpGet or tcpSocket action: a number, or the name of one of the container's ports. */
public final class Ports {

    private Ports() {
    }

    /** The port number; throws with the kubelet's message when there is none. */
    public static int resolve(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("intOrString had no kind: nil");
        }
        int number;
        if (port.getIntVal() != null) {
            number = port.getIntVal();
        } else {
            String name = Objects.requireNonNullElse(port.getStrVal(), "");
            number = Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream()
                    .filter(p -> name.equals(p.getName()) && p.getContainerPort() != null)
                    .map(ContainerPort::getContainerPort).findFirst()
                    .orElseGet(() -> parse(name));
        }
        if (number <= 0 || number >= 65536) {
            throw new IllegalArgumentException("invalid port number: " + number);
        }
        return number;
    }

    /** The kubelet's last resort: an int stored as a string. */
    private static int parse(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + name + "\": invalid syntax");
        }
    }
}
