package io.quarkube.kubelet.node;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** Hands out pod IPs .2-.254 of each node's /24, one per pod UID, reusing released ones. */
public final class PodIpAllocator {
    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final LocalNodes nodes;
    private final Map<String, BitSet> usedByNode = new HashMap<>();
    private final Map<String, Integer> next = new HashMap<>();
    private final Map<String, String> ipByUid = new HashMap<>();
    private final Map<String, String> nodeByUid = new HashMap<>();

    public PodIpAllocator(LocalNodes nodes) {
        this.nodes = nodes;
    }

    public synchronized String allocate(String nodeName, String uid) {
        String held = ipByUid.get(uid);
        if (held != null) {
            return held;
        }
        BitSet used = usedByNode.computeIfAbsent(nodeName, n -> new BitSet(LAST + 1));
        int start = next.getOrDefault(nodeName, FIRST);
        int host = start;
        // Round-robin so that a released IP is not reused at once (as CNI plugins do).
        for (int tries = 0; tries <= LAST - FIRST && used.get(host); tries++) {
            host = host >= LAST ? FIRST : host + 1;
        }
        used.set(host);
        next.put(nodeName, host >= LAST ? FIRST : host + 1);
        String ip = nodes.networkPrefix(nodeName) + host;
        ipByUid.put(uid, ip);
        nodeByUid.put(uid, nodeName);
        return ip;
    }

    /**
     * Holds {@code ip} for the pod, as an agent restart finds it in the pod's status, so that no other pod gets it;
     * false (nothing held) when it is not a free pod address of the node's /24 (e.g. a hostNetwork pod's host IP).
     */
    public synchronized boolean reserve(String nodeName, String uid, String ip) {
        if (ip == null || !nodes.owns(nodeName) || !ip.startsWith(nodes.networkPrefix(nodeName))) {
            return false;
        }
        int host;
        try {
            host = Integer.parseInt(ip.substring(nodes.networkPrefix(nodeName).length()));
        } catch (NumberFormatException e) {
            return false;
        }
        BitSet used = usedByNode.computeIfAbsent(nodeName, n -> new BitSet(LAST + 1));
        if (host < FIRST || host > LAST || (used.get(host) && !ip.equals(ipByUid.get(uid)))) {
            return false;
        }
        release(uid);
        used.set(host);
        ipByUid.put(uid, ip);
        nodeByUid.put(uid, nodeName);
        return true;
    }

    public synchronized void release(String uid) {
        String ip = ipByUid.remove(uid);
        String node = nodeByUid.remove(uid);
        if (ip != null && node != null) {
            usedByNode.get(node).clear(Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)));
        }
    }
}
