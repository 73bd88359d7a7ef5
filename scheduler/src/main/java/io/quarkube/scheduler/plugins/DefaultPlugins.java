package io.quarkube.scheduler.plugins;

import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.Plugin;
import io.quarkube.scheduler.plugins.nodename.NodeName;
import io.quarkube.scheduler.plugins.nodeports.NodePorts;
import io.quarkube.scheduler.plugins.nodeready.NodeReady;
import io.quarkube.scheduler.plugins.noderesources.BalancedAllocation;
import io.quarkube.scheduler.plugins.noderesources.LeastAllocated;
import io.quarkube.scheduler.plugins.noderesources.NodeResourcesFit;
import io.quarkube.scheduler.plugins.nodeselector.NodeSelector;
import io.quarkube.scheduler.plugins.tainttoleration.TaintToleration;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The plugin registry (name to factory) and the default profile. Order matters for filters: cheap checks that
 * explain the most ("unschedulable", taints) come before the resource arithmetic, as in Kubernetes.
 */
public final class DefaultPlugins {
    public static final Map<String, Supplier<Plugin>> REGISTRY = Map.of(
            NodeReady.NAME, NodeReady::new,
            NodeName.NAME, NodeName::new,
            TaintToleration.NAME, TaintToleration::new,
            NodeSelector.NAME, NodeSelector::new,
            NodePorts.NAME, NodePorts::new,
            NodeResourcesFit.NAME, NodeResourcesFit::new,
            LeastAllocated.NAME, LeastAllocated::new,
            BalancedAllocation.NAME, BalancedAllocation::new);

    /** kube-scheduler's default plugin order (filters) and score plugins; weights live in each plugin. */
    public static final List<String> PROFILE = List.of(
            NodeReady.NAME, NodeName.NAME, TaintToleration.NAME, NodeSelector.NAME, NodePorts.NAME,
            NodeResourcesFit.NAME, LeastAllocated.NAME, BalancedAllocation.NAME);

    private DefaultPlugins() {
    }

    public static Framework framework() {
        return framework(PROFILE);
    }

    public static Framework framework(List<String> names) {
        return new Framework(names.stream().map(name -> {
            Supplier<Plugin> factory = REGISTRY.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown scheduler plugin " + name + "; known: " + REGISTRY.keySet());
            }
            return factory.get();
        }).toList());
    }
}
