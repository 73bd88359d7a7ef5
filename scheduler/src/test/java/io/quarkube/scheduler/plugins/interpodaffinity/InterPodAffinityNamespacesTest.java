package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.quarkube.scheduler.framework.NodeInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.quarkube.scheduler.Fixtures.nodeInfo;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.HOSTNAME;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.ZONE;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.cycle;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.feasible;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.node;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.on;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.pod;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.podIn;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.requiredAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.requiredAntiAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.selector;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.term;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pods a term looks at: namespaces, namespaceSelector, matchLabelKeys and mismatchLabelKeys. */
class InterPodAffinityNamespacesTest {
    /** Namespace "prod" is labelled env=prod, "dev" env=dev; "default" has no labels; others do not exist. */
    private static final Map<String, Map<String, String>> NAMESPACES = Map.of(
            "prod", Map.of("env", "prod"), "dev", Map.of("env", "dev"), "default", Map.of());

    private final List<String> lookedUp = new ArrayList<>();
    private final InterPodAffinity plugin = new InterPodAffinity(ns -> {
        lookedUp.add(ns);
        return NAMESPACES.get(ns);
    });

    /** A db pod in namespace "prod" on n1 (zone a); n2 is in zone b and empty. */
    private static List<NodeInfo> dbInProd() {
        return List.of(nodeInfo(node("n1", "a"), on("n1", podIn("prod", "db", "app", "db"))),
                nodeInfo(node("n2", "b")));
    }

    private static PodAffinityTerm dbTerm(List<String> namespaces, LabelSelector namespaceSelector) {
        PodAffinityTerm term = term(ZONE, "app", "db");
        term.setNamespaces(namespaces);
        term.setNamespaceSelector(namespaceSelector);
        return term;
    }

    @Test
    void termWithoutNamespacesLooksInThePodsOwnNamespaceOnly() {
        Pod web = requiredAffinity(pod("web", "app", "web"), dbTerm(null, null));
        assertEquals(List.of(), feasible(plugin, web, dbInProd()), "the db is in prod, the web pod in default");
        Pod webInProd = requiredAffinity(podIn("prod", "web", "app", "web"), dbTerm(null, null));
        assertEquals(List.of("n1"), feasible(plugin, webInProd, dbInProd()));
        assertEquals(List.of(), lookedUp, "no namespace labels needed without a namespaceSelector");
    }

    @Test
    void listedNamespacesReplaceTheOwnNamespace() {
        Pod web = requiredAffinity(pod("web", "app", "web"), dbTerm(List.of("dev", "prod"), null));
        assertEquals(List.of("n1"), feasible(plugin, web, dbInProd()));
        Pod webInProd = requiredAffinity(podIn("prod", "web", "app", "web"), dbTerm(List.of("dev"), null));
        assertEquals(List.of(), feasible(plugin, webInProd, dbInProd()));
    }

    @Test
    void emptyNamespaceSelectorMeansEveryNamespace() {
        Pod web = requiredAffinity(pod("web", "app", "web"), dbTerm(null, new LabelSelector()));
        assertEquals(List.of("n1"), feasible(plugin, web, dbInProd()));
    }

    @Test
    void namespaceSelectorMatchesNamespaceLabels() {
        Pod toProd = requiredAffinity(pod("web", "app", "web"), dbTerm(null, selector("env", "prod")));
        assertEquals(List.of("n1"), feasible(plugin, toProd, dbInProd()));
        assertTrue(lookedUp.contains("prod"));
        Pod toDev = requiredAffinity(pod("web", "app", "web"), dbTerm(null, selector("env", "dev")));
        assertEquals(List.of(), feasible(plugin, toDev, dbInProd()));
    }

    @Test
    void namespaceSelectorAndListedNamespacesAreOred() {
        Pod web = requiredAffinity(pod("web", "app", "web"), dbTerm(List.of("prod"), selector("env", "dev")));
        assertEquals(List.of("n1"), feasible(plugin, web, dbInProd()));
    }

    @Test
    void withoutNamespaceLabelsANonEmptyNamespaceSelectorMatchesNothing() {
        InterPodAffinity unlabelled = new InterPodAffinity();
        Pod web = requiredAffinity(pod("web", "app", "web"), dbTerm(null, selector("env", "prod")));
        assertEquals(List.of(), feasible(unlabelled, web, dbInProd()));
    }

    @Test
    void existingPodsAntiAffinityOnlyConcernsPodsOfItsNamespaces() {
        // the db (in prod) refuses web pods of prod on its host; a web pod of default may join it
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a"),
                requiredAntiAffinity(on("n1", podIn("prod", "db", "app", "db")), term(HOSTNAME, "app", "web"))));
        assertTrue(plugin.preFilter(cycle(nodes), pod("web", "app", "web")).isSkip());
        assertEquals(List.of(), feasible(plugin, podIn("prod", "web", "app", "web"), nodes));
    }

    @Test
    void existingPodsNamespaceSelectorReadsTheIncomingPodsNamespace() {
        PodAffinityTerm refuseProdWeb = term(HOSTNAME, "app", "web");
        refuseProdWeb.setNamespaceSelector(selector("env", "prod"));
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a"),
                requiredAntiAffinity(on("n1", podIn("dev", "db", "app", "db")), refuseProdWeb)));
        assertEquals(List.of(), feasible(plugin, podIn("prod", "web", "app", "web"), nodes));
        assertTrue(plugin.preFilter(cycle(nodes), podIn("dev", "web", "app", "web")).isSkip());
    }

    @Test
    void matchLabelKeysRestrictTheSelectorToTheOwnValue() {
        // affinity to the web pods of the same version: v2 runs in zone b only
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("web-v1", "app", "web", "version", "v1"))),
                nodeInfo(node("n2", "b"), on("n2", pod("web-v2", "app", "web", "version", "v2"))));
        PodAffinityTerm sameVersion = term(ZONE, "app", "web");
        sameVersion.setMatchLabelKeys(List.of("version"));
        Pod v2 = requiredAffinity(pod("new", "app", "web", "version", "v2"), sameVersion);
        assertEquals(List.of("n2"), feasible(plugin, v2, nodes));
    }

    @Test
    void mismatchLabelKeysGiveExclusiveTopologiesPerTenant() {
        // a tenant's pod refuses hosts running any other tenant's pods, not its own tenant's
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("a-0", "tenant", "acme"))),
                nodeInfo(node("n2", "a"), on("n2", pod("b-0", "tenant", "globex"))),
                nodeInfo(node("n3", "a")));
        PodAffinityTerm otherTenants = term(HOSTNAME);
        otherTenants.getLabelSelector().setMatchExpressions(List.of(
                new io.fabric8.kubernetes.api.model.LabelSelectorRequirement("tenant", "Exists", null)));
        otherTenants.setMismatchLabelKeys(List.of("tenant"));
        Pod acme = requiredAntiAffinity(pod("a-1", "tenant", "acme"), otherTenants);
        assertEquals(List.of("n1", "n3"), feasible(plugin, acme, nodes));
    }
}
