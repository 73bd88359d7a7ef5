package io.quarkube.scheduler.plugins;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.framework.Snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random cluster for the index equivalence tests: nodes with hostnames, zones (some none) and taints; pods with
 * labels from a small vocabulary, some with (anti-)affinity terms and spread constraints of every selector shape,
 * bound or assumed. Changes go through the {@link SchedulerCache} and reach one long-lived {@link Snapshot}
 * through updateSnapshot, as in the scheduling loop, so the snapshot's indexes are maintained incrementally.
 */
public final class RandomCluster {
    public static final String ZONE = "topology.kubernetes.io/zone";
    public static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String[] KEYS = {"app", "tier", "group"};
    private static final String[] VALUES = {"a", "b", "c"};
    private static final String[] NAMESPACES = {"default", "default", "other"};
    /** Namespace labels for namespaceSelector terms; "gone" does not exist. */
    public static final Map<String, Map<String, String>> NAMESPACE_LABELS =
            Map.of("default", Map.of("team", "x"), "other", Map.of("team", "y"));

    private final Random random;
    private final SchedulerCache cache = new SchedulerCache(new MutableClock(), Duration.ofMinutes(5));
    private final Snapshot snapshot = Snapshot.of(List.of());
    private final Map<String, Node> nodes = new HashMap<>();
    /** Pods in the cache by name: bound ones have spec.nodeName, assumed ones sit in {@link #assumedOn}. */
    private final Map<String, Pod> placed = new HashMap<>();
    private final Map<String, String> assumedOn = new HashMap<>();
    private int nextNode;
    private int nextPod;

    /**
     * Runs {@code check} on 25 seeds from a printed base (fixed with -Dequivalence.seed=N); a failure names the
     * seed that reproduces it.
     */
    public static void forEachSeed(String test, java.util.function.LongConsumer check) {
        long base = Long.getLong("equivalence.seed", System.nanoTime());
        System.out.println(test + " seed " + base);
        for (int cluster = 0; cluster < 25; cluster++) {
            long seed = base + cluster;
            try {
                check.accept(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " (rerun with -Dequivalence.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /** A cluster of 4 to 11 nodes after 30 random changes. */
    public static RandomCluster mutated(long seed) {
        RandomCluster cluster = new RandomCluster(seed);
        for (int i = 0; i < 4 + cluster.random().nextInt(8); i++) {
            cluster.addNode();
        }
        for (int i = 0; i < 30; i++) {
            cluster.mutate();
        }
        return cluster;
    }

    public RandomCluster(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public Snapshot update() {
        cache.updateSnapshot(snapshot);
        return snapshot;
    }

    public void addNode() {
        String name = "node-" + nextNode++;
        Node node = Fixtures.node(name, "64", "256Gi", 500);
        if (random.nextInt(6) != 0) {
            node.getMetadata().getLabels().put(ZONE, "zone-" + random.nextInt(3));
        }
        if (random.nextInt(6) == 0) {
            node.getSpec().setTaints(new ArrayList<>(List.of(new Taint("NoSchedule", "dedicated", null, "x"))));
        }
        nodes.put(name, node);
        cache.addOrUpdateNode(node);
    }

    /** One random change of the cluster, through the cache. */
    public void mutate() {
        int op = random.nextInt(100);
        List<String> names = new ArrayList<>(placed.keySet());
        names.sort(null);
        Pod some = names.isEmpty() ? null : placed.get(names.get(random.nextInt(names.size())));
        if (op < 30 || some == null) {
            Pod pod = pendingPod();
            String node = randomNodeName();
            if (random.nextBoolean()) {
                cache.assume(pod, node);
                assumedOn.put(pod.getMetadata().getName(), node);
                placed.put(pod.getMetadata().getName(), pod);
            } else {
                bind(pod, node);
            }
        } else if (op < 45) {
            cache.removePod(some);
            forget(some);
        } else if (op < 62) {
            // labels change (or disappear); an assumed pod is confirmed bound by the same event
            Pod changed = copy(some);
            changed.getMetadata().setLabels(random.nextInt(5) == 0 ? null : randomLabels());
            bind(changed, nodeOf(some));
        } else if (op < 72 && assumedOn.containsKey(some.getMetadata().getName())) {
            // confirmed, possibly on another node than assumed
            bind(copy(some), random.nextBoolean() ? nodeOf(some) : randomNodeName());
        } else if (op < 78 && assumedOn.containsKey(some.getMetadata().getName())) {
            cache.forget(some);
            forget(some);
        } else if (op < 84 && !assumedOn.containsKey(some.getMetadata().getName())) {
            Pod terminating = copy(some);
            terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
            bind(terminating, nodeOf(some));
        } else if (op < 88) {
            Pod done = copy(some);
            done.getStatus().setPhase("Succeeded");
            cache.addOrUpdatePod(done.getSpec().getNodeName() == null ? withNode(done, nodeOf(some)) : done);
            forget(some);
        } else if (op < 94) {
            changeNode();
        } else if (op < 97) {
            addNode();
        } else if (nodes.size() > 3) {
            cache.removeNode(nodes.remove(existingNodeName()));
        }
    }

    /**
     * A node's labels or taints change: zone moved or dropped, hostname dropped or back, a NoSchedule (or
     * non-filtering PreferNoSchedule) taint added or removed. Half the time on a new Node object, as from the
     * informer; half the time edited in place, which the snapshot must notice all the same.
     */
    private void changeNode() {
        String name = existingNodeName();
        Node node = random.nextBoolean() ? nodes.get(name) : new NodeBuilder(nodes.get(name)).build();
        Map<String, String> labels = node.getMetadata().getLabels();
        int what = random.nextInt(10);
        if (what < 4) {
            labels.put(ZONE, "zone-" + random.nextInt(4));
        } else if (what < 5) {
            labels.remove(ZONE);
        } else if (what < 6) {
            if (labels.remove(HOSTNAME) == null) {
                labels.put(HOSTNAME, name);
            }
        } else {
            List<Taint> taints = node.getSpec().getTaints() == null ? new ArrayList<>()
                    : new ArrayList<>(node.getSpec().getTaints());
            if (taints.isEmpty()) {
                taints.add(new Taint(what < 9 ? "NoSchedule" : "PreferNoSchedule", "dedicated", null, "x"));
            } else {
                taints.clear();
            }
            node.getSpec().setTaints(taints);
        }
        nodes.put(name, node);
        cache.addOrUpdateNode(node);
    }

    private void bind(Pod pod, String node) {
        cache.addOrUpdatePod(withNode(pod, node));
        assumedOn.remove(pod.getMetadata().getName());
        placed.put(pod.getMetadata().getName(), pod);
    }

    private void forget(Pod pod) {
        placed.remove(pod.getMetadata().getName());
        assumedOn.remove(pod.getMetadata().getName());
    }

    private String nodeOf(Pod pod) {
        String assumed = assumedOn.get(pod.getMetadata().getName());
        return assumed != null ? assumed : pod.getSpec().getNodeName();
    }

    private static Pod withNode(Pod pod, String node) {
        pod.getSpec().setNodeName(node);
        return pod;
    }

    private static Pod copy(Pod pod) {
        return new PodBuilder(pod).build();
    }

    /** Now and then a node that was removed: its pods stay in the cache but out of the snapshot. */
    private String randomNodeName() {
        return random.nextInt(40) == 0 ? "node-" + random.nextInt(nextNode) : existingNodeName();
    }

    private String existingNodeName() {
        List<String> names = new ArrayList<>(nodes.keySet());
        names.sort(null);
        return names.get(random.nextInt(names.size()));
    }

    /** A pending pod with random labels and, for some, inter-pod terms and spread constraints. */
    public Pod pendingPod() {
        String name = "pod-" + nextPod++;
        Pod pod = Fixtures.pod(name, "10m", "10Mi");
        pod.getMetadata().setNamespace(NAMESPACES[random.nextInt(NAMESPACES.length)]);
        pod.getMetadata().setLabels(randomLabels());
        if (random.nextInt(3) == 0) {
            pod.getSpec().setAffinity(randomAffinity());
        }
        if (random.nextInt(3) == 0) {
            List<TopologySpreadConstraint> constraints = new ArrayList<>();
            for (int i = random.nextInt(2); i >= 0; i--) {
                constraints.add(randomSpread());
            }
            pod.getSpec().setTopologySpreadConstraints(constraints);
        }
        if (random.nextInt(6) == 0) {
            pod.getSpec().setNodeSelector(Map.of(ZONE, "zone-" + random.nextInt(3)));
        }
        if (random.nextInt(4) == 0) {
            pod.getSpec().setTolerations(List.of(new Toleration("NoSchedule", "dedicated", "Exists", null, null)));
        }
        return pod;
    }

    private Map<String, String> randomLabels() {
        Map<String, String> labels = new HashMap<>();
        for (String key : KEYS) {
            if (random.nextInt(3) != 0) {
                labels.put(key, VALUES[random.nextInt(VALUES.length)]);
            }
        }
        return labels;
    }

    private Affinity randomAffinity() {
        PodAffinity affinity = new PodAffinity(random.nextBoolean() ? weighted() : null, terms(2));
        PodAntiAffinity anti = new PodAntiAffinity(random.nextBoolean() ? weighted() : null, terms(2));
        return new Affinity(null, random.nextBoolean() ? affinity : null, random.nextInt(4) != 0 ? anti : null);
    }

    private List<PodAffinityTerm> terms(int max) {
        List<PodAffinityTerm> terms = new ArrayList<>();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            terms.add(term());
        }
        return terms;
    }

    private List<WeightedPodAffinityTerm> weighted() {
        List<WeightedPodAffinityTerm> terms = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            terms.add(new WeightedPodAffinityTerm(random.nextInt(10) == 0 ? null : term(), 1 + random.nextInt(100)));
        }
        return terms;
    }

    private PodAffinityTerm term() {
        PodAffinityTerm term = new PodAffinityTerm();
        term.setTopologyKey(random.nextInt(15) == 0 ? "missing-key" : random.nextBoolean() ? HOSTNAME : ZONE);
        term.setLabelSelector(randomSelector());
        int ns = random.nextInt(10);
        if (ns == 0) {
            term.setNamespaces(List.of("other"));
        } else if (ns == 1) {
            term.setNamespaces(List.of("default", "gone"));
        } else if (ns == 2) {
            term.setNamespaceSelector(new LabelSelector());
        } else if (ns == 3) {
            term.setNamespaceSelector(new LabelSelector(null, Map.of("team", "y")));
        }
        if (random.nextInt(8) == 0) {
            term.setMatchLabelKeys(List.of("group"));
        }
        if (random.nextInt(8) == 0) {
            term.setMismatchLabelKeys(List.of("tier"));
        }
        return term;
    }

    /** Every shape: matchLabels (one or two), In (duplicates too), non-indexable expressions, empty, null. */
    public LabelSelector randomSelector() {
        int shape = random.nextInt(20);
        String key = KEYS[random.nextInt(KEYS.length)];
        String value = VALUES[random.nextInt(VALUES.length)];
        Map<String, String> two = new HashMap<>(Map.of(key, value));
        two.put(KEYS[random.nextInt(KEYS.length)], VALUES[random.nextInt(VALUES.length)]);
        return switch (shape) {
            case 0, 1, 2, 3, 4, 5, 6 -> new LabelSelector(null, Map.of(key, value));
            case 7, 8, 9 -> new LabelSelector(null, two);
            case 10, 11 -> new LabelSelector(List.of(expression(key, "In", value, VALUES[random.nextInt(3)])), null);
            case 12 -> new LabelSelector(List.of(expression(key, "In", value, value)), null);
            case 13 -> new LabelSelector(List.of(expression(key, "NotIn", value)), null);
            case 14 -> new LabelSelector(List.of(expression(key, "Exists")), null);
            case 15 -> new LabelSelector(List.of(expression(key, "DoesNotExist"),
                    expression(KEYS[random.nextInt(3)], "In", value)), Map.of());
            case 16 -> new LabelSelector(List.of(expression(key, "NotIn", value)), Map.of(KEYS[random.nextInt(3)], value));
            case 17 -> new LabelSelector(List.of(expression(key, "In")), null);
            case 18 -> new LabelSelector();
            default -> null;
        };
    }

    private static LabelSelectorRequirement expression(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, values.length == 0 ? null : List.of(values));
    }

    private TopologySpreadConstraint randomSpread() {
        TopologySpreadConstraint c = new TopologySpreadConstraint();
        c.setMaxSkew(1 + random.nextInt(2));
        c.setTopologyKey(random.nextBoolean() ? ZONE : HOSTNAME);
        c.setWhenUnsatisfiable(random.nextBoolean() ? "DoNotSchedule" : "ScheduleAnyway");
        c.setLabelSelector(random.nextInt(15) == 0 ? null : randomSelector());
        if (random.nextInt(4) == 0) {
            c.setMinDomains(2 + random.nextInt(3));
        }
        if (random.nextInt(4) == 0) {
            c.setNodeAffinityPolicy("Ignore");
        }
        if (random.nextInt(3) == 0) {
            c.setNodeTaintsPolicy("Honor");
        }
        if (random.nextInt(5) == 0) {
            c.setMatchLabelKeys(List.of("group"));
        }
        return c;
    }
}
