package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonSet;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.node;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.taint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeEligibilityTest {
    private static final NodeEligibility.Decision RUN = new NodeEligibility.Decision(true, true);
    private static final NodeEligibility.Decision NONE = new NodeEligibility.Decision(false, false);
    private static final NodeEligibility.Decision KEEP_ONLY = new NodeEligibility.Decision(false, true);

    @Test
    void nodeSelectorMustMatchTheNodeLabels() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd"));
        NodeEligibility e = NodeEligibility.of(ds);
        assertEquals(RUN, e.decide(node("a", Map.of("disk", "ssd", "zone", "z1"))));
        assertEquals(NONE, e.decide(node("b", Map.of("disk", "hdd"))));
        assertEquals(NONE, e.decide(node("c", Map.of())));
    }

    @Test
    void requiredNodeAffinityNeedsOneMatchingTerm() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone").withOperator("In")
                .withValues("z1", "z2").endMatchExpression()
                .addNewMatchExpression().withKey("cores").withOperator("Gt").withValues("4").endMatchExpression()
                .endNodeSelectorTerm()
                .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In")
                .withValues("special").endMatchField().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        NodeEligibility e = NodeEligibility.of(ds);
        assertEquals(RUN, e.decide(node("a", Map.of("zone", "z2", "cores", "8"))));
        assertEquals(NONE, e.decide(node("b", Map.of("zone", "z2", "cores", "2"))));
        assertEquals(NONE, e.decide(node("c", Map.of("zone", "z3", "cores", "8"))));
        assertEquals(RUN, e.decide(node("special", Map.of())));
    }

    @Test
    void untoleratedNoScheduleTaintsKeepNewPodsOffButLetRunningOnesStay() {
        NodeEligibility e = NodeEligibility.of(daemonSet("agent"));
        assertEquals(KEEP_ONLY, e.decide(node("a", Map.of(), taint("dedicated", "NoSchedule"))));
        assertEquals(NONE, e.decide(node("b", Map.of(), taint("dedicated", "NoExecute"))));
        assertEquals(RUN, e.decide(node("c", Map.of(), taint("dedicated", "PreferNoSchedule"))));
    }

    @Test
    void daemonPodsTolerateNodeProblemsAndCordons() {
        NodeEligibility e = NodeEligibility.of(daemonSet("agent"));
        assertEquals(RUN, e.decide(node("a", Map.of(), taint("node.kubernetes.io/unschedulable", "NoSchedule"),
                taint("node.kubernetes.io/memory-pressure", "NoSchedule"),
                taint("node.kubernetes.io/disk-pressure", "NoSchedule"),
                taint("node.kubernetes.io/pid-pressure", "NoSchedule"),
                taint("node.kubernetes.io/unreachable", "NoExecute"),
                taint("node.kubernetes.io/not-ready", "NoExecute"))));
        // only the NoExecute form of not-ready is tolerated by default
        assertEquals(KEEP_ONLY, e.decide(node("b", Map.of(), taint("node.kubernetes.io/not-ready", "NoSchedule"))));
    }

    @Test
    void theTemplatesTolerationsCount() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setTolerations(List.of(
                new Toleration("NoSchedule", "node-role.kubernetes.io/control-plane", "Exists", null, null),
                new Toleration(null, "gpu", "Equal", null, "true")));
        NodeEligibility e = NodeEligibility.of(ds);
        assertEquals(RUN, e.decide(node("cp", Map.of(), taint("node-role.kubernetes.io/control-plane", "NoSchedule"))));
        var gpu = new io.fabric8.kubernetes.api.model.Taint("NoExecute", "gpu", null, "true");
        var otherGpu = new io.fabric8.kubernetes.api.model.Taint("NoExecute", "gpu", null, "false");
        assertEquals(RUN, e.decide(node("g", Map.of(), gpu)));
        assertEquals(NONE, e.decide(node("h", Map.of(), otherGpu)));
    }

    @Test
    void aTemplateNodeNameLimitsTheDaemonSetToThatNode() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setNodeName("n1");
        NodeEligibility e = NodeEligibility.of(ds);
        assertEquals(RUN, e.decide(node("n1")));
        assertEquals(NONE, e.decide(node("n2")));
    }
}
