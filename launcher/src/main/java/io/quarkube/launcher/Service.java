package io.quarkube.launcher;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The four quarkube services, in start order (api-server first: the others need it). */
public enum Service {
    API_SERVER("api-server", null, 512),
    SCHEDULER("scheduler", "system:kube-scheduler", 512), // it caches every pod: 30,000 need more than 256 MiB
    CONTROLLER_MANAGER("controller-manager", "system:kube-controller-manager", 384),
    KUBELET_AGENT("kubelet-agent", "system:node:quarkube-agent", 512);

    /** Module directory under the repo root, and the name used in logs and the public API. */
    public final String id;
    /** The user whose token the service presents to the api-server (null for the api-server itself). */
    public final String user;
    final int defaultHeapMb;

    Service(String id, String user, int defaultHeapMb) {
        this.id = id;
        this.user = user;
        this.defaultHeapMb = defaultHeapMb;
    }

    public static Service of(String id) {
        for (Service s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service '" + id + "', expected one of "
                + Arrays.stream(values()).map(s -> s.id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
