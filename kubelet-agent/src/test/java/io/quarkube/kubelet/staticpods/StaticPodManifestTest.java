package io.quarkube.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a manifest and turning it into the static pod the kubelet runs. */
class StaticPodManifestTest {
    static final String STATIC_WEB = TestPods.STATIC_WEB;
    private static final Instant SEEN = Instant.parse("2030-01-01T00:00:00Z");

    static Pod parse(String name, String content) throws ManifestReader.ManifestException {
        return ManifestReader.parse(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSharedExampleBecomesAStaticPodNamedAfterTheNodeWithItsHashAsUid() throws Exception {
        Pod pod = StaticPodFactory.staticPod(parse("static-web.yaml", STATIC_WEB), "quarkube-node-1", SEEN);

        assertEquals("static-web-quarkube-node-1", pod.getMetadata().getName());
        assertEquals("default", pod.getMetadata().getNamespace());
        assertEquals("quarkube-node-1", pod.getSpec().getNodeName());
        String hash = pod.getMetadata().getAnnotations().get(ConfigAnnotations.HASH);
        assertTrue(hash.matches("[0-9a-f]{32}"), hash);
        assertEquals(hash, pod.getMetadata().getUid());
        assertEquals("file", pod.getMetadata().getAnnotations().get(ConfigAnnotations.SOURCE));
        assertEquals("2030-01-01T00:00:00Z", pod.getMetadata().getAnnotations().get(ConfigAnnotations.SEEN));
        assertEquals("Always", pod.getSpec().getRestartPolicy());
        assertEquals(30L, pod.getSpec().getTerminationGracePeriodSeconds());
        assertEquals("IfNotPresent", pod.getSpec().getContainers().get(0).getImagePullPolicy());
        assertEquals("File", pod.getSpec().getContainers().get(0).getTerminationMessagePolicy());
        assertTrue(pod.getSpec().getTolerations().stream()
                .anyMatch(t -> "Exists".equals(t.getOperator()) && "NoExecute".equals(t.getEffect())));
        assertEquals("Pending", pod.getStatus().getPhase());
        assertTrue(ConfigAnnotations.isStaticPod(pod));
        assertFalse(ConfigAnnotations.isMirrorPod(pod));
    }

    @Test
    void theHashDependsOnContentAndNodeButNotOnFormattingOrWhenItWasSeen() throws Exception {
        String uid = uid(STATIC_WEB, "node-1", SEEN);

        assertEquals(uid, uid(STATIC_WEB.replace("  name: static-web", "  name: static-web   # same"), "node-1",
                SEEN.plusSeconds(60)));
        assertNotEquals(uid, uid(STATIC_WEB, "node-2", SEEN));
        assertNotEquals(uid, uid(STATIC_WEB.replace("sleep 3600", "sleep 60"), "node-1", SEEN));
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"static-web\"},\"spec\":"
                + "{\"containers\":[{\"name\":\"web\",\"image\":\"busybox:1.28\",\"command\":[\"sh\",\"-c\","
                + "\"while true; do sleep 3600; done\"]}]}}";
        assertEquals(uid, StaticPodFactory.staticPod(parse("web.json", json), "node-1", SEEN).getMetadata().getUid(),
                "the same pod in JSON is the same static pod");
    }

    @Test
    void aNamespaceInTheManifestIsKept() throws Exception {
        Pod pod = StaticPodFactory.staticPod(parse("a.yml", STATIC_WEB.replace("  name: static-web",
                "  name: static-web\n  namespace: kube-system")), "n", SEEN);

        assertEquals("kube-system/static-web-n", StaticPodFactory.fullName(pod));
    }

    @Test
    void brokenManifestsAreRejectedWithAMessageNamingTheProblem() {
        assertProblem("not valid YAML", "apiVersion: v1\nkind: Pod\nmetadata: [unclosed");
        assertProblem("expected apiVersion v1 and kind Pod", STATIC_WEB.replace("kind: Pod", "kind: Deployment"));
        assertProblem("metadata.name: Required value", STATIC_WEB.replace("  name: static-web\n", "  labels: {}\n"));
        assertProblem("metadata.name: Invalid value", STATIC_WEB.replace("name: static-web", "name: Static_Web"));
        assertProblem("spec.containers: Required value", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {}\n");
        assertProblem("Duplicate value", STATIC_WEB + "    - name: web\n      image: x\n");
        assertProblem("not valid JSON", "{", "x.json");
    }

    @Test
    void onlyYamlYmlAndJsonFilesThatAreNotHiddenAreManifests() {
        assertTrue(ManifestReader.isManifestName("a.yaml"));
        assertTrue(ManifestReader.isManifestName("b.YML"));
        assertTrue(ManifestReader.isManifestName("c.json"));
        assertFalse(ManifestReader.isManifestName("notes.txt"));
        assertFalse(ManifestReader.isManifestName(".a.yaml.swp"));
        assertFalse(ManifestReader.isManifestName(".hidden.yaml"));
    }

    private static String uid(String yaml, String node, Instant seen) throws Exception {
        return StaticPodFactory.staticPod(parse("p.yaml", yaml), node, seen).getMetadata().getUid();
    }

    private static void assertProblem(String expected, String content) {
        assertProblem(expected, content, "p.yaml");
    }

    private static void assertProblem(String expected, String content, String file) {
        ManifestReader.ManifestException e = assertThrows(ManifestReader.ManifestException.class,
                () -> parse(file, content));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    static void write(Path dir, String file, String content) throws Exception {
        Files.writeString(dir.resolve(file), content);
    }
}
