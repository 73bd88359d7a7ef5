package io.quarkube.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notes' web StatefulSet on the real cluster: web-0, web-1, web-2 come up in order (each only once the one
 * before is Running and Ready), with claims www-web-0..2 that the local-path binder binds; a deleted pod comes
 * back under its name with a new UID and the same claim; an image change replaces the pods from web-2 down to
 * web-0 and {@code kubectl rollout status} succeeds; scaling to 1 deletes web-2, then web-1, and keeps the claims.
 */
class StatefulSetEndToEndTest {
    private static final String NS = "statefulset-e2e";
    private static final Path EXAMPLE = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples/web-statefulset.yaml");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final List<String> NAMES = List.of("web-0", "web-1", "web-2");

    private final ApiClient api = Cluster.admin();

    @BeforeAll
    static void namespace() {
        Cluster.ensureNamespace(NS);
    }

    @Test
    void webStatefulSetComesUpInOrderKeepsItsClaimsRollsBackwardsAndScalesDownInReverse() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(EXAMPLE), "SKIPPED: no shared example at " + EXAMPLE);
        Assumptions.assumeTrue(Kubectl.available(), "SKIPPED: no kubectl on the PATH");
        Kubectl kubectl = new Kubectl(Cluster.get());
        long start = System.nanoTime();
        Map<?, ?> manifest = new ObjectMapper(new YAMLFactory()).readValue(EXAMPLE.toFile(), Map.class);
        api.post("/apis/apps/v1/namespaces/" + NS + "/statefulsets", manifest, StatefulSet.class);

        // 1. OrderedReady: whenever web-i exists, web-(i-1) is Running and Ready
        List<String> outOfOrder = new ArrayList<>();
        Map<String, Pod> pods = watchPods("web-0, web-1, web-2 Running and Ready", now -> {
            for (int i = 1; i < NAMES.size(); i++) {
                if (now.containsKey(NAMES.get(i)) && !runningAndReady(now.get(NAMES.get(i - 1)))) {
                    outOfOrder.add(NAMES.get(i) + " exists while " + NAMES.get(i - 1) + " is not Running and Ready");
                }
            }
        }, now -> NAMES.stream().allMatch(n -> runningAndReady(now.get(n))));
        assertEquals(List.of(), outOfOrder);
        for (int i = 1; i < NAMES.size(); i++) {
            Instant created = Instant.parse(pods.get(NAMES.get(i)).getMetadata().getCreationTimestamp());
            assertFalse(created.isBefore(readySince(pods.get(NAMES.get(i - 1)))),
                    NAMES.get(i) + " created before " + NAMES.get(i - 1) + " was Ready");
        }
        Pod web1 = pods.get("web-1");
        assertEquals("web-1", web1.getSpec().getHostname());
        assertEquals("nginx", web1.getSpec().getSubdomain());
        assertEquals("web-1", web1.getMetadata().getLabels().get("statefulset.kubernetes.io/pod-name"));
        assertEquals("1", web1.getMetadata().getLabels().get("apps.kubernetes.io/pod-index"));
        phase("web-0, web-1, web-2 Running and Ready in order", start);

        // 2. one Bound claim per pod, mounted by name
        Awaitility.await("claims www-web-0..2 Bound").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> claims().values().stream().filter(c -> "Bound".equals(phaseOf(c))).count() == 3);
        assertEquals(List.of("www-web-0", "www-web-1", "www-web-2"), List.copyOf(claims().keySet()));
        claims().values().forEach(c -> assertEquals("1Gi", c.getStatus().getCapacity().get("storage").toString()));
        for (String name : NAMES) {
            assertEquals("www-" + name, claimOf(pods.get(name)));
        }
        Kubectl.Result pvc = kubectl.run("get", "pvc", "www-web-0", "-n", NS, "--no-headers");
        assertTrue(pvc.out().matches("(?s)www-web-0\\s+Bound\\s+pvc-\\S+\\s+1Gi\\s+RWO\\s.*"), pvc.toString());
        phase("claims Bound", start);

        // 3. a deleted pod comes back under its name with a new UID and the same claim
        String oldUid = web1.getMetadata().getUid();
        String claimUid = claims().get("www-web-1").getMetadata().getUid();
        api.delete(Resources.PODS, NS, "web-1");
        Pod back = Awaitility.await("web-1 replaced").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(Resources.PODS, NS, "web-1").orElse(null),
                        p -> p != null && !oldUid.equals(p.getMetadata().getUid()) && runningAndReady(p));
        assertEquals("www-web-1", claimOf(back));
        assertEquals(claimUid, claims().get("www-web-1").getMetadata().getUid(), "the claim survived its pod");
        phase("web-1 replaced with a new UID and the same claim", start);

        // 4. an image change replaces web-2, then web-1, then web-0
        Map<String, String> uids = activePods().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getMetadata().getUid()));
        List<String> replaced = new ArrayList<>();
        Kubectl.Result set = kubectl.run("set", "image", "statefulset/web", "nginx=nginx:1.16.1", "-n", NS);
        assertTrue(set.ok(), set.toString());
        watchPods("every pod replaced with nginx:1.16.1", now -> NAMES.forEach(n -> {
            Pod p = now.get(n);
            if (!replaced.contains(n) && (p == null || !uids.get(n).equals(p.getMetadata().getUid()))) {
                replaced.add(n);
            }
        }), now -> NAMES.stream().allMatch(n -> runningAndReady(now.get(n))
                && "nginx:1.16.1".equals(now.get(n).getSpec().getContainers().get(0).getImage())));
        assertEquals(List.of("web-2", "web-1", "web-0"), replaced);
        Kubectl.Result status = kubectl.run(130, "rollout", "status", "statefulset/web", "-n", NS, "--timeout=120s");
        assertTrue(status.ok(), status.toString());
        assertTrue(status.out().contains("roll out complete") || status.out().contains("rolling update complete"),
                status.toString());
        StatefulSet rolled = api.get(Resources.STATEFULSETS, NS, "web").orElseThrow();
        assertEquals(rolled.getStatus().getUpdateRevision(), rolled.getStatus().getCurrentRevision());
        assertEquals(3, rolled.getStatus().getUpdatedReplicas());
        Kubectl.Result revisions = kubectl.run("get", "controllerrevisions", "-n", NS);
        assertTrue(revisions.ok(), revisions.toString());
        assertTrue(revisions.out().lines().findFirst().orElse("").matches("NAME\\s+CONTROLLER\\s+REVISION\\s+AGE"),
                revisions.toString());
        assertEquals(2, revisions.out().lines().filter(l -> l.contains("statefulset.apps/web")).count(),
                revisions.toString());
        phase("rolled out web-2, web-1, web-0; kubectl rollout status succeeded", start);

        // 5. scale to 1: web-2 goes first, web-1 only once web-2 is gone; the claims stay
        List<String> gone = new ArrayList<>();
        List<String> early = new ArrayList<>();
        Kubectl.Result scale = kubectl.run("scale", "statefulset/web", "--replicas=1", "-n", NS);
        assertTrue(scale.ok(), scale.toString());
        watchPods("only web-0 left", now -> {
            if (leaving(now.get("web-1")) && now.containsKey("web-2")) {
                early.add("web-1 deleted while web-2 still exists");
            }
            for (String n : List.of("web-2", "web-1")) {
                if (!now.containsKey(n) && !gone.contains(n)) {
                    gone.add(n);
                }
            }
        }, now -> now.keySet().equals(java.util.Set.of("web-0")));
        assertEquals(List.of(), early);
        assertEquals(List.of("web-2", "web-1"), gone);
        assertEquals(3, claims().size(), "Retain: claims outlive the pods scaled away");
        phase("scaled down web-2, then web-1", start);

        for (String expected : List.of("SuccessfulCreate: create Pod web-0 in StatefulSet web successful",
                "SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success",
                "SuccessfulDelete: delete Pod web-2 in StatefulSet web successful")) {
            Awaitility.await(expected).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> eventsOfTheSet().contains(expected));
        }
        api.delete(Resources.STATEFULSETS, NS, "web");
    }

    private List<String> eventsOfTheSet() {
        return api.list(Resources.EVENTS, NS, null).stream()
                .filter(e -> "StatefulSet".equals(e.getInvolvedObject().getKind()))
                .map(StatefulSetEndToEndTest::describe).toList();
    }

    private static String describe(Event e) {
        return e.getReason() + ": " + e.getMessage();
    }

    /** Polls the set's pods every 100 ms, handing each snapshot to {@code check}, until {@code done}. */
    private Map<String, Pod> watchPods(String what, Consumer<Map<String, Pod>> check,
                                       Predicate<Map<String, Pod>> done) {
        return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, Pod> now = allPods();
            check.accept(now);
            return now;
        }, done);
    }

    private Map<String, Pod> allPods() {
        Map<String, Pod> pods = new LinkedHashMap<>();
        api.list(Resources.PODS, NS, "app=nginx-sts").forEach(p -> pods.put(p.getMetadata().getName(), p));
        return pods;
    }

    private Map<String, Pod> activePods() {
        Map<String, Pod> pods = allPods();
        pods.values().removeIf(StatefulSetEndToEndTest::leaving);
        return pods;
    }

    private Map<String, PersistentVolumeClaim> claims() {
        Map<String, PersistentVolumeClaim> claims = new java.util.TreeMap<>();
        api.list(Resources.PERSISTENT_VOLUME_CLAIMS, NS, null).forEach(c -> claims.put(c.getMetadata().getName(), c));
        return claims;
    }

    private static boolean leaving(Pod pod) {
        return pod == null || pod.getMetadata().getDeletionTimestamp() != null;
    }

    private static boolean runningAndReady(Pod pod) {
        return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && readyCondition(pod) != null && "True".equals(readyCondition(pod).getStatus());
    }

    private static PodCondition readyCondition(Pod pod) {
        return pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    private static Instant readySince(Pod pod) {
        // creationTimestamps have whole seconds: compare at that precision
        return Instant.parse(readyCondition(pod).getLastTransitionTime()).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String claimOf(Pod pod) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("www")).findFirst()
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).orElse(null);
    }

    private static String phaseOf(PersistentVolumeClaim claim) {
        return claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }

    private static void phase(String what, long start) {
        System.out.printf("[statefulset-e2e] %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
    }
}
