package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.logs.ContainerLogs;
import io.quarkube.kubelet.logs.LogText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pods in Linux namespaces, with real processes: the pod's network, hostname, volumes, env and exec. Skipped (with
 * the reason) where the host gives no namespaces. Pod IPs come from a test-only /24 whose bridge is removed after.
 */
class ProcessSandboxTest {
    private static final String SUBNET = "10.253.7.";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger NEXT_IP = new AtomicInteger(10);
    /** Mount points the launcher creates on the host when missing (there is no image filesystem): removed after. */
    private static final List<Path> MOUNT_POINTS = List.of(Path.of("/data"), Path.of("/data-ro"), Path.of("/data-sub"));
    private static final List<Path> createdMountPoints = new ArrayList<>();

    private static Path workDir;
    private static ScheduledExecutorService timers;
    private static ProcessRuntime runtime;
    private static PodDirs dirs;
    private final List<PodSandbox> sandboxes = new ArrayList<>();
    private final List<ContainerHandle> handles = new ArrayList<>();

    @BeforeAll
    static void startRuntime() throws IOException {
        MOUNT_POINTS.stream().filter(p -> !Files.exists(p)).forEach(createdMountPoints::add);
        workDir = Files.createTempDirectory("qk-sandbox-test");
        timers = Executors.newScheduledThreadPool(1);
        dirs = new PodDirs(workDir);
        runtime = new ProcessRuntime(dirs, new ContainerLogs(Clock.systemUTC()), timers, Clock.systemUTC(),
                ProcessRuntimeOptions.defaults());
        Assumptions.assumeTrue(runtime.usesNamespaces(),
                "SKIPPED: this host gives the process runtime no Linux namespaces (see the runtime's log line)");
    }

    @AfterEach
    void removePods() {
        handles.forEach(h -> runtime.stopContainer(h, Duration.ZERO).orTimeout(5, TimeUnit.SECONDS).join());
        sandboxes.forEach(runtime::removeSandbox);
    }

    @AfterAll
    static void stopRuntime() throws IOException {
        if (runtime != null) {
            runtime.close();
        }
        timers.shutdownNow();
        String bridge = PodNetwork.bridgeName(SUBNET + "1");
        boolean left = Files.exists(Path.of("/sys/class/net", bridge));
        if (left) {
            new ProcessBuilder("ip", "link", "del", bridge).inheritIO().start().onExit().join();
        }
        for (Path p : createdMountPoints) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // not empty: something else uses it now
            }
        }
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(left, "the runtime should have removed its bridge " + bridge + " at close");
    }

    @Test
    void containersOfOnePodReachEachOtherOnLocalhostButTheHostDoesNot() throws Exception {
        int port = 18_000 + NEXT_IP.get();
        Pod pod = pod(
                new ContainerBuilder().withName("server").withImage("python").withCommand("python3", "-m",
                        "http.server", Integer.toString(port), "--bind", "127.0.0.1", "--directory", "/data").build(),
                new ContainerBuilder().withName("client").withImage("python").withCommand("python3", "-c", """
                        import time, urllib.request
                        for _ in range(100):
                            try:
                                print(urllib.request.urlopen('http://127.0.0.1:%d/page').read().decode()); break
                            except OSError:
                                time.sleep(0.1)
                        """.formatted(port)).build());
        pod = withEmptyDir(pod, "content", "/data", "server");
        PodSandbox sandbox = create(pod);
        Files.writeString(dirs.volumeDir(sandbox.uid(), "content").resolve("page"), "served inside the pod");

        ContainerHandle server = start(sandbox, pod, "server");
        ContainerExit client = start(sandbox, pod, "client").exited().get(20, TimeUnit.SECONDS);

        assertEquals(0, client.exitCode());
        assertEquals("served inside the pod\n", LogText.of(dirs.logFile(sandbox.uid(), "client")),
                () -> "server's log: " + LogText.of(dirs.logFile(sandbox.uid(), "server")));
        assertFalse(server.exited().isDone());
        assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 500),
                "the pod's localhost is not the host's");
    }

    @Test
    void hostnameIsThePodsNameAndHostnameEnvAgrees() throws Exception {
        Pod pod = pod(TestPods.shell("main", "hostname; echo $HOSTNAME; tail -n1 /etc/hosts; cat /etc/hostname"));
        PodSandbox sandbox = create(pod);

        assertEquals(0, start(sandbox, pod, "main").exited().get(10, TimeUnit.SECONDS).exitCode());

        String name = pod.getMetadata().getName();
        assertEquals(name + "\n" + name + "\n" + sandbox.podIP() + "\t" + name + "\n" + name + "\n",
                LogText.of(dirs.logFile(sandbox.uid(), "main")));
    }

    @Test
    void anEmptyDirAtTheSameMountPathIsSharedBetweenContainers() throws Exception {
        Pod pod = withEmptyDir(pod(TestPods.shell("writer", "echo from-writer > /data/x"),
                TestPods.shell("reader", "cat /data/x; ls -ld /data | cut -c1")), "shared", "/data", "writer", "reader");
        PodSandbox sandbox = create(pod);

        assertEquals(0, start(sandbox, pod, "writer").exited().get(10, TimeUnit.SECONDS).exitCode());
        assertEquals(0, start(sandbox, pod, "reader").exited().get(10, TimeUnit.SECONDS).exitCode());

        assertEquals("from-writer\nd\n", LogText.of(dirs.logFile(sandbox.uid(), "reader")));
        assertEquals("from-writer\n", Files.readString(dirs.volumeDir(sandbox.uid(), "shared").resolve("x")));
        assertFalse(Files.exists(Path.of("/data/x")), "the volume is mounted in the containers only, not on the host");
    }

    @Test
    void whatAPodWritesToItsClaimIsThereForTheNextPodOfThatClaim() throws Exception {
        Pod first = withClaim(pod(TestPods.shell("app", "echo kept > /var/www/x")), "www-web-1");
        PodSandbox firstSandbox = create(first);
        assertEquals(0, start(firstSandbox, first, "app").exited().get(10, TimeUnit.SECONDS).exitCode());
        runtime.removeSandbox(firstSandbox); // the pod is replaced: a new UID, the same claim

        Pod second = withClaim(pod(TestPods.shell("app", "cat /var/www/x")), "www-web-1");
        PodSandbox secondSandbox = create(second);
        assertEquals(0, start(secondSandbox, second, "app").exited().get(10, TimeUnit.SECONDS).exitCode());

        assertEquals("kept\n", LogText.of(dirs.logFile(secondSandbox.uid(), "app")));
        assertEquals("kept\n", Files.readString(dirs.claimDir(second.getMetadata().getNamespace(), "www-web-1")
                .resolve("x")));
    }

    @Test
    void aReadOnlyMountRejectsWritesAndASubPathMountsADirectoryOfTheVolume() throws Exception {
        Container c = new ContainerBuilder(TestPods.shell("main",
                "cat /data-ro/seed; echo more > /data-ro/new || echo write refused; echo sub > /data-sub/f"))
                .addNewVolumeMount().withName("v").withMountPath("/data-ro").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("v").withMountPath("/data-sub").withSubPath("part").endVolumeMount()
                .build();
        Pod pod = new PodBuilder(pod(c)).editSpec().addNewVolume().withName("v").withNewEmptyDir().endEmptyDir()
                .endVolume().endSpec().build();
        PodSandbox sandbox = create(pod);
        Path volume = dirs.volumeDir(sandbox.uid(), "v");
        Files.writeString(volume.resolve("seed"), "seeded");

        assertEquals(0, start(sandbox, pod, "main").exited().get(10, TimeUnit.SECONDS).exitCode());

        String log = LogText.of(dirs.logFile(sandbox.uid(), "main"));
        assertTrue(log.contains("seeded"), log);
        assertTrue(log.contains("Read-only file system") && log.contains("write refused"), log);
        assertFalse(Files.exists(volume.resolve("new")));
        assertEquals("sub\n", Files.readString(volume.resolve("part/f")));
    }

    @Test
    void downwardApiValuesReachTheProcess() throws Exception {
        Container c = new ContainerBuilder(TestPods.shell("main", "echo \"$POD $NS $IP $NODE $UID_\""))
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("UID_").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.uid")
                .endFieldRef().endValueFrom().endEnv()
                .build();
        Pod pod = pod(c);
        PodSandbox sandbox = create(pod);

        assertEquals(0, start(sandbox, pod, "main").exited().get(10, TimeUnit.SECONDS).exitCode());

        assertEquals(String.join(" ", pod.getMetadata().getName(), "default", sandbox.podIP(), "node-1",
                sandbox.uid()) + "\n", LogText.of(dirs.logFile(sandbox.uid(), "main")));
        assertTrue(sandbox.podIP().startsWith(SUBNET));
    }

    @Test
    void theAgentReachesThePodOnItsIpThroughTheVeth() throws Exception {
        Pod pod = withEmptyDir(pod(new ContainerBuilder().withName("web").withImage("python:3.11")
                .withCommand("python3", "-m", "http.server", "8000", "--directory", "/data").build()),
                "content", "/data", "web");
        PodSandbox sandbox = create(pod);
        Files.writeString(dirs.volumeDir(sandbox.uid(), "content").resolve("index.html"), "hello over the veth");
        long started = System.nanoTime();
        start(sandbox, pod, "web");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI uri = URI.create("http://" + sandbox.podIP() + ":8000/index.html");
        String[] body = new String[1];
        Eventually.await(WAIT, () -> {
            try {
                body[0] = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "nothing answered on " + uri + "; web's log: " + LogText.of(dirs.logFile(sandbox.uid(), "web")));
        assertEquals("hello over the veth", body[0]);
        // http.server looks up the name of 0.0.0.0 before serving: the pod's resolv.conf makes that fail at once
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "the server took long to answer");
    }

    @Test
    void execRunsInTheContainersMountsEnvAndWorkingDir() throws Exception {
        Container c = new ContainerBuilder(TestPods.shell("main", "echo ok > /data/probe; sleep 30"))
                .withWorkingDir("/data/work")
                .addNewEnv().withName("GREETING").withValue("hi").endEnv().build();
        Pod pod = withEmptyDir(pod(c), "v", "/data", "main");
        PodSandbox sandbox = create(pod);
        ContainerHandle handle = start(sandbox, pod, "main");
        Eventually.await(WAIT, () -> Files.exists(dirs.volumeDir(sandbox.uid(), "v").resolve("probe")), () -> "no probe");

        ExecResult result = runtime.exec(sandbox, handle, List.of("sh", "-c", "cat /data/probe; echo $GREETING; pwd; hostname"),
                Duration.ofSeconds(5));

        assertEquals(new ExecResult(0, "ok\nhi\n/data/work\n" + pod.getMetadata().getName() + "\n", false), result);
        assertTrue(Files.isDirectory(dirs.volumeDir(sandbox.uid(), "v").resolve("work")),
                "the working dir was created in the container's view, inside the volume");
        ExecResult failing = runtime.exec(sandbox, handle, List.of("sh", "-c", "test -e /data/missing"),
                Duration.ofSeconds(5));
        assertEquals(1, failing.exitCode());
        long started = System.nanoTime();
        ExecResult slow = runtime.exec(sandbox, handle, List.of("sleep", "10"), Duration.ofMillis(300));
        assertTrue(slow.timedOut());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3_000);
    }

    @Test
    void aSimulatedContainerSaysSoInItsLogAndExecStillSeesItsMounts() throws Exception {
        Container c = new ContainerBuilder(TestPods.image("web")).addNewEnv().withName("MODE").withValue("sim")
                .endEnv().build();
        Pod pod = withEmptyDir(pod(c), "v", "/data", "web");
        PodSandbox sandbox = create(pod);
        Files.writeString(dirs.volumeDir(sandbox.uid(), "v").resolve("f"), "in the volume");

        ContainerHandle handle = start(sandbox, pod, "web");
        ExecResult result = runtime.exec(sandbox, handle, List.of("sh", "-c", "cat /data/f; echo \" $MODE\""),
                Duration.ofSeconds(5));

        assertEquals(new ExecResult(0, "in the volume sim\n", false), result);
        Path log = dirs.logFile(sandbox.uid(), "web");
        Eventually.await(WAIT, () -> LogText.of(log).contains("simulated"), () -> "log: " + LogText.of(log));
        assertEquals("quarkube: image nginx:1.27 has no known entrypoint here; container runs as a simulated "
                + "long-running process\n", LogText.of(log));
    }

    @Test
    void aHostNetworkPodHasTheHostsIpAndHostname() throws Exception {
        int port = freePort();
        Pod pod = new PodBuilder(pod(new ContainerBuilder().withName("web").withImage("python").withCommand("sh",
                "-c", "hostname; exec python3 -m http.server " + port + " --bind 127.0.0.1").build()))
                .editSpec().withHostNetwork(true).endSpec().build();
        PodSandbox sandbox = create(pod);
        start(sandbox, pod, "web");

        assertEquals("127.0.0.1", sandbox.podIP());
        Eventually.await(WAIT, () -> connects(port), () -> "the host-network pod's server is not on the host");
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        // output reaches the CRI log through the run monitor's tail (every 100 ms), maybe after the port opened
        Path log = dirs.logFile(sandbox.uid(), "web");
        Eventually.await(WAIT, () -> LogText.of(log).startsWith(hostname + "\n"), () -> "log: " + LogText.of(log));
    }

    @Test
    void removeSandboxLeavesNoHolderProcessAndNoVeth() throws Exception {
        Pod pod = pod(TestPods.shell("main", "exit 0"));
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", nextIp());
        long holder = runtime.holderPid(sandbox.uid()).orElseThrow();
        Path veth = Path.of("/sys/class/net", PodNetwork.vethName(sandbox.uid()));
        assertTrue(ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.exists(veth));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                Files.readSymbolicLink(Path.of("/proc", Long.toString(holder), "ns", "net")));

        runtime.removeSandbox(sandbox);

        assertFalse(ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false), "holder still alive");
        assertFalse(Files.exists(veth), "veth left behind");
        assertFalse(Files.exists(dirs.podDir(sandbox.uid())));
    }

    @Test
    void anUnsupportedEnvSourceIsACreateContainerConfigErrorAndNothingRuns() throws Exception {
        Container c = new ContainerBuilder(TestPods.shell("main", "touch started"))
                .addNewEnv().withName("KEY").withNewValueFrom().withNewConfigMapKeyRef().withName("cm").withKey("k")
                .endConfigMapKeyRef().endValueFrom().endEnv().build();
        Pod pod = pod(c);
        PodSandbox sandbox = create(pod);

        ContainerExit exit = start(sandbox, pod, "main").exited().get(1, TimeUnit.SECONDS);

        assertEquals("CreateContainerConfigError", exit.reason());
        assertTrue(exit.message().contains("valueFrom.configMapKeyRef"), exit.message());
        assertFalse(Files.exists(sandbox.dir().resolve("started")));
    }

    @Test
    void aMissingExecutableOrVolumeSourceIsAStartErrorSayingWhy() throws Exception {
        String missing = "/qk-missing-" + UUID.randomUUID();
        Container noVolume = new ContainerBuilder(TestPods.shell("main", "true"))
                .addNewVolumeMount().withName("host").withMountPath("/qk-target").endVolumeMount().build();
        Container noProgram = new ContainerBuilder().withName("other").withImage("x").withCommand("qk-no-such-program")
                .build();
        Pod pod = new PodBuilder(pod(noVolume, noProgram)).editSpec().addNewVolume().withName("host").withNewHostPath()
                .withPath(missing).withType("Directory").endHostPath().endVolume().endSpec().build();
        PodSandbox sandbox = create(pod);

        ContainerExit mountFailed = start(sandbox, pod, "main").exited().get(10, TimeUnit.SECONDS);
        ContainerExit notFound = start(sandbox, pod, "other").exited().get(10, TimeUnit.SECONDS);

        assertEquals("StartError", mountFailed.reason());
        assertEquals("cannot mount " + missing + " at /qk-target: " + missing + " does not exist", mountFailed.message());
        assertFalse(Files.exists(Path.of(missing)), "a hostPath of type Directory is not created");
        assertEquals("StartError", notFound.reason());
        assertEquals("exec: \"qk-no-such-program\": executable file not found in $PATH", notFound.message());
    }

    @Test
    void userNamespaceRootIsAnUnprivilegedHostUser() throws Exception {
        Assumptions.assumeTrue(runtime.usesUserNamespaces(), "SKIPPED: no user namespaces on this host");
        Pod pod = withEmptyDir(pod(TestPods.shell("main", "id -u; echo x > /data/f; touch /etc/qk-nope || echo denied")),
                "v", "/data", "main");
        PodSandbox sandbox = create(pod);

        assertEquals(0, start(sandbox, pod, "main").exited().get(10, TimeUnit.SECONDS).exitCode());

        String log = LogText.of(dirs.logFile(sandbox.uid(), "main"));
        assertTrue(log.startsWith("0\n") && log.endsWith("denied\n"), log);
        assertEquals(PodHolder.USERNS_HOST_ID, Files.getAttribute(dirs.volumeDir(sandbox.uid(), "v").resolve("f"),
                "unix:uid"));
    }

    private static Pod pod(Container... containers) {
        return TestPods.pod("sbx-" + UUID.randomUUID().toString().substring(0, 8), "Never", containers).build();
    }

    /** Adds volume "www" from the claim, mounted at /var/www in every container. */
    private static Pod withClaim(Pod pod, String claimName) {
        Pod withVolume = new PodBuilder(pod).editSpec().addNewVolume().withName("www")
                .withNewPersistentVolumeClaim().withClaimName(claimName).endPersistentVolumeClaim().endVolume()
                .endSpec().build();
        for (Container c : withVolume.getSpec().getContainers()) {
            c.setVolumeMounts(new ArrayList<>(List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                    .withName("www").withMountPath("/var/www").build())));
        }
        return withVolume;
    }

    /** Adds an emptyDir volume mounted at {@code mountPath} in the named containers. */
    private static Pod withEmptyDir(Pod pod, String volume, String mountPath, String... containers) {
        PodBuilder builder = new PodBuilder(pod).editSpec().addNewVolume().withName(volume).withNewEmptyDir()
                .endEmptyDir().endVolume().endSpec();
        Pod withVolume = builder.build();
        for (Container c : withVolume.getSpec().getContainers()) {
            if (List.of(containers).contains(c.getName())) {
                c.setVolumeMounts(new ArrayList<>(List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                        .withName(volume).withMountPath(mountPath).build())));
            }
        }
        return withVolume;
    }

    private PodSandbox create(Pod pod) throws IOException {
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", nextIp());
        sandboxes.add(sandbox);
        return sandbox;
    }

    private ContainerHandle start(PodSandbox sandbox, Pod pod, String name) {
        Container c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(name)).findFirst()
                .orElseThrow();
        ContainerHandle handle = runtime.startContainer(sandbox, pod, c);
        handles.add(handle);
        return handle;
    }

    private static String nextIp() {
        return SUBNET + NEXT_IP.incrementAndGet();
    }

    private static boolean connects(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
