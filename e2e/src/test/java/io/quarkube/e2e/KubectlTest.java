package io.quarkube.e2e;

import io.quarkube.api.Resources;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real kubectl 1.32 against the running services, as a user drives Kubernetes: apply of the shared example
 * manifests (new and re-applied with a change), get with the server's columns, get -w, describe with events,
 * logs, scale, label, delete (graceful and forced), create namespace/deployment (protobuf bodies), explain.
 * Skipped, visibly, where kubectl or the shared examples are absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlTest {
    private static final String NS = "kubectl-e2e";
    private static final Path EXAMPLES = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples");
    private static Kubectl kubectl;

    @BeforeAll
    static void cluster() {
        Assumptions.assumeTrue(Kubectl.available(), "SKIPPED: no kubectl on the PATH");
        kubectl = new Kubectl(Cluster.get());
    }

    private static Kubectl.Result ok(String... args) {
        Kubectl.Result r = kubectl.run(args);
        assertEquals(0, r.exitCode(), "kubectl " + String.join(" ", args) + "\n" + r);
        return r;
    }

    private static void eventually(Duration timeout, String what, java.util.function.BooleanSupplier check) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(500)).until(check::getAsBoolean);
    }

    @Test
    @Order(1)
    void createNamespaceSendsProtobufAndWorks() {
        assertTrue(ok("create", "namespace", NS).out().contains("namespace/" + NS + " created"));
        assertTrue(ok("get", "namespace", NS).out().contains("Active"));
    }

    @Test
    @Order(2)
    void applyEveryExampleThenReapplyWithAChange() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "SKIPPED: no shared examples at " + EXAMPLES);
        // static-pod.yaml is a manifest for the kubelet's static pod directory, applied like any pod here
        for (String example : List.of("simple-pod", "nginx-deployment", "web-statefulset", "node-agent-daemonset",
                "hello-job", "hello-cronjob")) {
            Kubectl.Result r = ok("-n", NS, "apply", "-f", EXAMPLES.resolve(example + ".yaml").toString());
            assertTrue(r.out().contains("created"), example + ": " + r);
        }
        Path changed = Files.createTempFile(Path.of("target"), "nginx-deployment", ".yaml");
        Files.writeString(changed, Files.readString(EXAMPLES.resolve("nginx-deployment.yaml"))
                .replace("nginx:1.14.2", "nginx:1.16.1"));
        assertTrue(ok("-n", NS, "apply", "-f", changed.toString()).out().contains("configured"));
        assertEquals("nginx:1.16.1", ok("-n", NS, "get", "deployment", "nginx-deployment", "-o",
                "jsonpath={.spec.template.spec.containers[0].image}").out());
        assertTrue(ok("-n", NS, "apply", "-f", changed.toString()).out().contains("unchanged"));
    }

    @Test
    @Order(3)
    void getPodsPrintsTheServerColumnsAndTheStatus() {
        ok("-n", NS, "run", "web", "--image=nginx:1.27");
        eventually(Duration.ofSeconds(60), "web Running", () -> kubectl.run("-n", NS, "get", "pod", "web")
                .out().matches("(?s).*web\\s+1/1\\s+Running\\s+0\\s+\\S+.*"));
        String header = ok("-n", NS, "get", "pods").out().lines().findFirst().orElse("");
        assertTrue(header.matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE"), header);
        String wide = ok("-n", NS, "get", "pods", "-o", "wide").out().lines().findFirst().orElse("");
        assertTrue(wide.matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+"
                + "READINESS GATES"), wide);
        assertTrue(ok("get", "nodes").out().contains("Ready"));
        assertTrue(ok("-n", NS, "get", "deployments").out().lines().findFirst().orElse("")
                .matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE"));
    }

    @Test
    @Order(4)
    void getWatchPrintsChanges() throws Exception {
        Path output = Files.createTempFile(Path.of("target"), "get-w", ".txt");
        Process watch = kubectl.start(output, "-n", NS, "get", "pods", "-w");
        try {
            eventually(Duration.ofSeconds(20), "get -w lists the pods", () -> read(output).contains("web"));
            ok("-n", NS, "run", "watched", "--image=busybox:1.36", "--restart=Never", "--", "sh", "-c", "sleep 2");
            eventually(Duration.ofSeconds(60), "get -w shows watched completing",
                    () -> read(output).lines().anyMatch(l -> l.startsWith("watched") && l.contains("Completed")));
            assertEquals(1, read(output).lines().filter(l -> l.startsWith("NAME")).count(), "one header only");
        } finally {
            watch.destroy();
        }
    }

    @Test
    @Order(5)
    void describeShowsEventsAndLogsShowTheOutput() {
        String describe = ok("-n", NS, "describe", "pod", "watched").out();
        assertTrue(describe.contains("Events:"), describe);
        assertTrue(describe.contains("Scheduled"), describe);
        ok("-n", NS, "run", "greeter", "--image=busybox:1.36", "--restart=Never", "--", "sh", "-c",
                "echo 'Hello, Kubernetes!'");
        eventually(Duration.ofSeconds(60), "greeter logs", () -> kubectl.run("-n", NS, "logs", "greeter").out()
                .contains("Hello, Kubernetes!"));
    }

    @Test
    @Order(6)
    void labelScaleAndCreateDeployment() {
        ok("-n", NS, "label", "pod", "web", "tier=front");
        assertEquals("front", ok("-n", NS, "get", "pod", "web", "-o", "jsonpath={.metadata.labels.tier}").out());
        assertTrue(ok("-n", NS, "create", "deployment", "made-by-kubectl", "--image=nginx:1.27", "--replicas=2")
                .out().contains("created"));
        ok("-n", NS, "scale", "deployment", "made-by-kubectl", "--replicas=5");
        assertEquals("5", ok("-n", NS, "get", "deployment", "made-by-kubectl", "-o",
                "jsonpath={.spec.replicas}").out());
        ok("-n", NS, "scale", "deployment", "made-by-kubectl", "--current-replicas=5", "--replicas=2");
        assertEquals("2", ok("-n", NS, "get", "deployment", "made-by-kubectl", "-o", "jsonpath={.spec.replicas}")
                .out());
    }

    @Test
    @Order(7)
    void explainPrintsTheFieldsOfAContainer() {
        String explain = ok("explain", "pod.spec.containers").out();
        assertTrue(explain.contains("image"), explain);
        assertTrue(explain.contains("FIELDS") || explain.contains("FIELD"), explain);
    }

    @Test
    @Order(8)
    void deleteGracefullyAndForced() {
        ok("-n", NS, "run", "to-delete", "--image=nginx:1.27");
        eventually(Duration.ofSeconds(60), "to-delete Running", () -> kubectl.run("-n", NS, "get", "pod", "to-delete")
                .out().contains("Running"));
        ok("-n", NS, "delete", "pod", "to-delete", "--timeout=60s");
        assertTrue(kubectl.run("-n", NS, "get", "pod", "to-delete").err().contains("NotFound"));
        ok("-n", NS, "delete", "pod", "web", "--grace-period=0", "--force");
        assertTrue(kubectl.run("-n", NS, "get", "pod", "web").err().contains("NotFound"));
    }

    @Test
    @Order(9)
    void deletingANamespaceCreatedByKubectlDeletesItsContentFirst() {
        String ns = "kubectl-e2e-gone";
        ok("create", "namespace", ns);
        ok("-n", ns, "create", "deployment", "d", "--image=nginx:1.27", "--replicas=2");
        eventually(Duration.ofSeconds(60), "2 pods of d", () -> Cluster.admin().list(Resources.PODS, ns, null)
                .size() == 2);
        ok("delete", "namespace", ns, "--timeout=90s");
        // had the namespace vanished at once, its Deployment, ReplicaSet and pods would still be stored
        assertTrue(Cluster.admin().list(Resources.PODS, ns, null).isEmpty(), "pods left in a deleted namespace");
        assertTrue(Cluster.admin().list(Resources.DEPLOYMENTS, ns, null).isEmpty());
        assertTrue(Cluster.admin().list(Resources.REPLICASETS, ns, null).isEmpty());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
