package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodUtil;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens to the pods of an unreachable node before they are evicted. A pod is set to phase Failed with
 * reason NodeLost, so that its controller replaces it at once rather than after the toleration. A pod meant to
 * stay with its node (a static pod's mirror, or one tolerating the unreachable taint for ever, as DaemonSet pods
 * do) is only made not Ready, as Kubernetes' MarkPodsNotReady does. Each patch carries the cached
 * resourceVersion, so a newer pod of the same name (StatefulSets reuse names) is never touched.
 */
final class NodeLostPods {
    static final String REASON = "NodeLost";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final Taint UNREACHABLE = new Taint(NodeTaints.NO_EXECUTE, NodeTaints.UNREACHABLE, null, null);
    private static final Logger LOG = Logger.getLogger(NodeLostPods.class);

    private final NodeLifecycleClient client;
    private final EventRecorder events;

    NodeLostPods(NodeLifecycleClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    void markLost(Pod pod, Node node, Instant now) {
        if (PodUtil.isTerminal(pod)) {
            return;
        }
        String nodeName = node.getMetadata().getName();
        String podName = pod.getMetadata().getName();
        if (staysWithNode(pod)) {
            if (PodUtil.isReady(pod)) {
                client.patchPodStatus(pod.getMetadata().getNamespace(), podName, patch(pod, null, now));
                events.warning(pod, "NodeNotReady", "Node is not ready");
            }
            return;
        }
        client.patchPodStatus(pod.getMetadata().getNamespace(), podName, patch(pod, nodeName, now));
        events.warning(pod, "NodeNotReady", "Node is not ready");
        LOG.infof("pod %s/%s: phase Failed (NodeLost): node %s is unreachable", pod.getMetadata().getNamespace(),
                podName, nodeName);
    }

    /**
     * Pods only marked not Ready, as Kubernetes marks every pod: mirror pods, pods that tolerate the node being
     * unreachable for ever (DaemonSet pods), and StatefulSet pods — failing one would make its StatefulSet start
     * the same name elsewhere while the unreachable node may still run it; it goes when its toleration runs out.
     */
    static boolean staysWithNode(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(MIRROR_ANNOTATION)
                || TaintEviction.toleratesForever(pod, UNREACHABLE) || ofStatefulSet(pod);
    }

    static boolean ofStatefulSet(Pod pod) {
        return ControllerRefs.refersTo(ControllerRefs.controllerOf(pod), "apps", "StatefulSet");
    }

    /** Ready=False (and ContainersReady=False); with a node name also phase Failed, reason NodeLost. */
    private static Map<String, Object> patch(Pod pod, String lostOnNode, Instant now) {
        Map<String, Object> status = new LinkedHashMap<>();
        if (lostOnNode != null) {
            status.put("phase", "Failed");
            status.put("reason", REASON);
            status.put("message", "Node " + lostOnNode + " which was running pod " + pod.getMetadata().getName()
                    + " is unresponsive");
        }
        status.put("conditions", List.of(notReady(pod, "Ready", now), notReady(pod, "ContainersReady", now)));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", pod.getMetadata().getResourceVersion());
        return Map.of("metadata", metadata, "status", status);
    }

    private static Map<String, Object> notReady(Pod pod, String type, Instant now) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", "False");
        PodCondition current = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
        if (current == null || !"False".equals(current.getStatus())) {
            condition.put("lastTransitionTime", Json.formatTime(now));
        }
        return condition;
    }
}
