package io.quarkube.scheduler.plugins;

import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.Plugin;
import io.quarkube.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.quarkube.scheduler.plugins.nodename.NodeName;
import io.quarkube.scheduler.plugins.nodeports.NodePorts;
import io.quarkube.scheduler.plugins.nodeready.NodeReady;
import io.quarkube.scheduler.plugins.noderesources.BalancedAllocation;
import io.quarkube.scheduler.plugins.noderesources.LeastAllocated;
import io.quarkube.scheduler.plugins.noderesources.NodeResourcesFit;
import io.quarkube.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.quarkube.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.quarkube.scheduler.plugins.tainttoleration.TaintToleration;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The plugin registry (name to factory) and the default profile, in kube-scheduler's order: cheap checks that
 * explain the most ("unschedulable", taints, node affinity) filter before the resource arithmetic, and the
 * cross-node plugins (topology spread, inter-pod affinity) come last.
 */
public final class DefaultPlugins {
    /** What plugin factories may use beyond the cycle state, like kube-scheduler's framework.Handle. */
    public record Handle(Function<String, Map<String, String>> namespaceLabels) {
        /** No namespace labels: a non-empty namespaceSelector in an affinity term matches nothing. */
        public static final Handle NONE = new Handle(namespace -> null);
    }

    public static final Map<String, Function<Handle, Plugin>> REGISTRY = Map.ofEntries(
            Map.entry(NodeReady.NAME, h -> new NodeReady()),
            Map.entry(NodeName.NAME, h -> new NodeName()),
            Map.entry(TaintToleration.NAME, h -> new TaintToleration()),
            Map.entry(NodeAffinity.NAME, h -> new NodeAffinity()),
            Map.entry(NodePorts.NAME, h -> new NodePorts()),
            Map.entry(NodeResourcesFit.NAME, h -> new NodeResourcesFit()),
            Map.entry(PodTopologySpread.NAME, h -> new PodTopologySpread()),
            Map.entry(InterPodAffinity.NAME, h -> new InterPodAffinity(h.namespaceLabels())),
            Map.entry(LeastAllocated.NAME, h -> new LeastAllocated()),
            Map.entry(BalancedAllocation.NAME, h -> new BalancedAllocation()));

    public static final List<String> PROFILE = List.of(
            NodeReady.NAME, NodeName.NAME, TaintToleration.NAME, NodeAffinity.NAME, NodePorts.NAME,
            NodeResourcesFit.NAME, PodTopologySpread.NAME, InterPodAffinity.NAME, LeastAllocated.NAME,
            BalancedAllocation.NAME);

    private DefaultPlugins() {
    }

    public static Framework framework() {
        return framework(PROFILE, Handle.NONE);
    }

    public static Framework framework(Handle handle) {
        return framework(PROFILE, handle);
    }

    public static Framework framework(List<String> names, Handle handle) {
        return new Framework(names.stream().map(name -> {
            Function<Handle, Plugin> factory = REGISTRY.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown scheduler plugin " + name + "; known: " + REGISTRY.keySet());
            }
            return factory.apply(handle);
        }).toList());
    }
}
