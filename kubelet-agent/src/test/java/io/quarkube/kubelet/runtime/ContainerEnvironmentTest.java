package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerEnvironmentTest {
    private static final ContainerEnvironment.PodView VIEW =
            new ContainerEnvironment.PodView("10.244.1.7", "127.0.0.1", "web-0", "/pods/u1");
    private final ContainerEnvironment environment = new ContainerEnvironment("4", "8Gi", "/usr/bin:/bin");

    @Test
    void baseVariablesThenEnvInOrderWithExpansionOfEarlierOnes() throws Exception {
        Container c = container()
                .addNewEnv().withName("NAME").withValue("world").endEnv()
                .addNewEnv().withName("GREETING").withValue("hello $(NAME), $$(NAME) $(LATER)").endEnv()
                .addNewEnv().withName("LATER").withValue("x").endEnv()
                .addNewEnv().withName("EMPTY").endEnv()
                .build();

        Map<String, String> env = environment.build(pod(c), c, VIEW);

        assertEquals("/usr/bin:/bin", env.get("PATH"));
        assertEquals("/pods/u1", env.get("HOME"));
        assertEquals("web-0", env.get("HOSTNAME"));
        assertEquals("hello world, $(NAME) $(LATER)", env.get("GREETING"), "only variables defined before expand");
        assertEquals("", env.get("EMPTY"));
    }

    @Test
    void downwardApiFieldRefs() throws Exception {
        Container c = container()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("UID").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.uid")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NOTE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.annotations['example.com/note']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("ABSENT").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['absent']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("SA").withNewValueFrom().withNewFieldRef()
                .withFieldPath("spec.serviceAccountName").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IPS").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIPs")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("HOST").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("HOSTS").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIPs")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("URL").withValue("http://$(IP):80/$(POD)").endEnv()
                .build();
        Pod pod = new PodBuilder(pod(c)).editMetadata().addToLabels("app", "web")
                .addToAnnotations("example.com/note", "hi").endMetadata()
                .editSpec().withServiceAccountName("builder").endSpec().build();

        Map<String, String> env = environment.build(pod, c, VIEW);

        assertEquals("web-0", env.get("POD"));
        assertEquals("default", env.get("NS"));
        assertEquals(pod.getMetadata().getUid(), env.get("UID"));
        assertEquals("web", env.get("APP"));
        assertEquals("hi", env.get("NOTE"));
        assertEquals("", env.get("ABSENT"));
        assertEquals("node-1", env.get("NODE"));
        assertEquals("builder", env.get("SA"));
        assertEquals("10.244.1.7", env.get("IP"));
        assertEquals("10.244.1.7", env.get("IPS"));
        assertEquals("127.0.0.1", env.get("HOST"));
        assertEquals("127.0.0.1", env.get("HOSTS"));
        assertEquals("http://10.244.1.7:80/web-0", env.get("URL"));
    }

    @Test
    void resourceFieldRefsRoundUpToTheDivisorAndAMissingLimitIsTheNodesAllocatable() throws Exception {
        Container c = container()
                .withNewResources().addToLimits("cpu", new Quantity("1500m")).addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("64Mi")).endResources()
                .addNewEnv().withName("CPU_LIMIT").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.cpu").endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("CPU_LIMIT_M").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.cpu").withDivisor(new Quantity("1m")).endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("CPU_REQUEST").withNewValueFrom().withNewResourceFieldRef()
                .withResource("requests.cpu").endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEM_REQUEST_MI").withNewValueFrom().withNewResourceFieldRef()
                .withResource("requests.memory").withDivisor(new Quantity("1Mi")).endResourceFieldRef()
                .endValueFrom().endEnv()
                .addNewEnv().withName("MEM_LIMIT").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.memory").endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEM_LIMIT_GI").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.memory").withDivisor(new Quantity("1Gi")).endResourceFieldRef()
                .endValueFrom().endEnv()
                .build();

        Map<String, String> env = environment.build(pod(c), c, VIEW);

        assertEquals("2", env.get("CPU_LIMIT"), "1.5 cores round up to 2");
        assertEquals("1500", env.get("CPU_LIMIT_M"));
        assertEquals("1", env.get("CPU_REQUEST"));
        assertEquals("64", env.get("MEM_REQUEST_MI"));
        assertEquals(Long.toString(8L * 1024 * 1024 * 1024), env.get("MEM_LIMIT"), "node allocatable: 8Gi");
        assertEquals("8", env.get("MEM_LIMIT_GI"));
    }

    @Test
    void configMapAndSecretSourcesAndEnvFromAreConfigErrorsNamingTheField() {
        Container configMap = container().addNewEnv().withName("A").withNewValueFrom().withNewConfigMapKeyRef()
                .withName("cm").withKey("k").endConfigMapKeyRef().endValueFrom().endEnv().build();
        Container secret = container().addNewEnv().withName("B").withNewValueFrom().withNewSecretKeyRef()
                .withName("s").withKey("k").endSecretKeyRef().endValueFrom().endEnv().build();
        Container envFrom = container().addNewEnvFrom().withNewConfigMapRef().withName("cm").endConfigMapRef()
                .endEnvFrom().build();
        Container unknownField = container().addNewEnv().withName("C").withNewValueFrom().withNewFieldRef()
                .withFieldPath("spec.schedulerName").endFieldRef().endValueFrom().endEnv().build();

        assertTrue(assertThrows(ContainerConfigException.class, () -> environment.build(pod(configMap), configMap, VIEW))
                .getMessage().contains("env A: valueFrom.configMapKeyRef"));
        assertTrue(assertThrows(ContainerConfigException.class, () -> environment.build(pod(secret), secret, VIEW))
                .getMessage().contains("env B: valueFrom.secretKeyRef"));
        assertTrue(assertThrows(ContainerConfigException.class, () -> environment.build(pod(envFrom), envFrom, VIEW))
                .getMessage().contains("envFrom"));
        assertTrue(assertThrows(ContainerConfigException.class,
                () -> environment.build(pod(unknownField), unknownField, VIEW)).getMessage().contains("spec.schedulerName"));
    }

    private static ContainerBuilder container() {
        return new ContainerBuilder().withName("main").withImage("busybox").withCommand("true");
    }

    private static Pod pod(Container c) {
        return TestPods.pod("web-0", "Never", c).build();
    }
}
