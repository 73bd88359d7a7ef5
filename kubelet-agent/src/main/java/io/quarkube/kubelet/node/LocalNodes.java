package io.quarkube.kubelet.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The nodes this agent serves, {@code <prefix>-1..N}, and the /24 pod network each one gets. */
public final class LocalNodes {
    public static final String HOST_IP = "127.0.0.1";

    private final List<String> names;
    private final Map<String, Integer> indexByName = new HashMap<>();

    public LocalNodes(String prefix, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("quarkube.kubelet.node-count must be at least 1, was " + count);
        }
        List<String> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String name = prefix + "-" + i;
            list.add(name);
            indexByName.put(name, i);
        }
        this.names = List.copyOf(list);
    }

    public List<String> names() {
        return names;
    }

    public boolean owns(String nodeName) {
        return nodeName != null && indexByName.containsKey(nodeName);
    }

    /** 1-based position of the node. */
    public int index(String nodeName) {
        Integer index = indexByName.get(nodeName);
        if (index == null) {
            throw new IllegalArgumentException("not a node of this agent: " + nodeName);
        }
        return index;
    }

    /** 10.244.&lt;i&gt;.0/24, spilling into 10.245+ past 255 nodes (the /24s of 10.244.0.0/14 and up). */
    public String podCidr(String nodeName) {
        return networkPrefix(nodeName) + "0/24";
    }

    /** "10.244.1." for node 1: pod IPs append the host part. */
    String networkPrefix(String nodeName) {
        int i = index(nodeName) % (12 * 256);
        return "10." + (244 + i / 256) + "." + (i % 256) + ".";
    }
}
