package io.quarkube.scheduler.plugins;

import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.Plugin;
import io.quarkube.scheduler.plugins.nodeready.NodeReady;
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
            TaintToleration.NAME, TaintToleration::new,
            NodeSelector.NAME, NodeSelector::new,
            NodeResourcesFit.NAME, NodeResourcesFit::new,
            LeastAllocated.NAME, LeastAllocated::new);

    public static final List<String> PROFILE = List.of(
            NodeReady.NAME, TaintToleration.NAME, NodeSelector.NAME, NodeResourcesFit.NAME, LeastAllocated.NAME);

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
