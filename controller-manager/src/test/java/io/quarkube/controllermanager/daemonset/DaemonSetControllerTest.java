package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonPod;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonSet;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.node;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.taint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonSetControllerTest {
    private final DaemonSetHarness h = new DaemonSetHarness();

    private DaemonSet ssdOnly(String name) {
        DaemonSet ds = daemonSet(name);
        ds.getMetadata().setUid("uid-" + name);
        ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd"));
        return ds;
    }

    @Test
    void aNodeAddedWakesOnlyTheDaemonSetsThatShouldRunThere() {
        h.daemonSets.put(daemonSet("agent"), ssdOnly("ssd-agent"));
        h.handlers.nodeHandler().onAdd(node("n1", Map.of("disk", "hdd")));
        assertEquals(List.of("default/agent"), h.queue.keys);
    }

    @Test
    void heartbeatsAreIgnoredButLabelAndTaintChangesAreNot() {
        h.daemonSets.put(daemonSet("agent"), ssdOnly("ssd-agent"));
        Node before = node("n1", Map.of("disk", "hdd"));
        Node beat = Json.copy(before, Node.class);
        beat.getMetadata().setResourceVersion("2");
        beat.getStatus().getConditions().get(0).setLastHeartbeatTime("2025-01-01T00:00:10Z");
        h.handlers.nodeHandler().onUpdate(before, beat);
        assertTrue(h.queue.keys.isEmpty());

        Node relabelled = Json.copy(beat, Node.class);
        relabelled.getMetadata().setLabels(Map.of("disk", "ssd"));
        h.handlers.nodeHandler().onUpdate(beat, relabelled);
        assertEquals(List.of("default/ssd-agent"), h.queue.keys);

        h.queue.keys.clear();
        Node tainted = Json.copy(relabelled, Node.class);
        tainted.getSpec().setTaints(List.of(taint("dedicated", "NoExecute")));
        h.handlers.nodeHandler().onUpdate(relabelled, tainted);
        assertEquals(java.util.Set.of("default/agent", "default/ssd-agent"), java.util.Set.copyOf(h.queue.keys));
    }

    @Test
    void aNodeDeletedWakesEveryDaemonSet() {
        h.daemonSets.put(daemonSet("agent"), ssdOnly("ssd-agent"));
        h.handlers.nodeHandler().onDelete(node("n1"));
        assertEquals(java.util.Set.of("default/agent", "default/ssd-agent"), java.util.Set.copyOf(h.queue.keys));
    }

    @Test
    void podEventsGoToTheControllingDaemonSetAndLowerItsExpectations() {
        DaemonSet ds = daemonSet("agent");
        h.daemonSets.put(ds);
        h.expectations.expect(DaemonSetHarness.KEY, 1, List.of("uid-old"));
        h.handlers.podHandler().onAdd(daemonPod(ds, "new", "n1", "h", "2025-01-01T00:00:00Z", null));
        assertFalse(h.expectations.satisfied(DaemonSetHarness.KEY));
        Pod old = daemonPod(ds, "old", "n1", "h", "2025-01-01T00:00:00Z", null);
        h.handlers.podHandler().onDelete(old);
        assertTrue(h.expectations.satisfied(DaemonSetHarness.KEY));
        assertEquals(List.of("default/agent", "default/agent"), h.queue.keys);
    }
}
