package io.quarkube.kubelet.logs;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.PodDirs;
import io.quarkube.kubelet.runtime.PodSandbox;
import io.quarkube.kubelet.runtime.ProcessRuntime;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubelet's log endpoint without HTTP: what each PodLogOptions query gives, and following a running container. */
class ContainerLogsResourceTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path workDir;
    private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2);
    private final Map<String, Pod> pods = new HashMap<>();
    private Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    private PodDirs dirs;
    private ContainerLogs logs;
    private Pod pod;

    @BeforeEach
    void setUp() {
        dirs = new PodDirs(workDir);
        logs = new ContainerLogs(Clock.systemUTC());
        pod = new PodBuilder(TestPods.pod("p1", "Always", TestPods.image("c")).build())
                .editSpec().addToInitContainers(TestPods.shell("init", "true")).endSpec().build();
        pods.put("default/p1", pod);
        Pod elsewhere = TestPods.pod("p2", "Always", TestPods.image("c")).editSpec().withNodeName("other-node")
                .endSpec().build();
        pods.put("default/p2", elsewhere);
    }

    @AfterEach
    void tearDown() {
        io.shutdownNow();
    }

    private ContainerLogsResource resource() {
        return new ContainerLogsResource((ns, name) -> Optional.ofNullable(pods.get(ns + "/" + name)),
                new LocalNodes("node", 1), dirs, logs, clock, () -> io, Duration.ofMillis(50));
    }

    @Test
    void tailLinesTimestampsAndLimitBytes() throws Exception {
        writeLog(dirs.logFile(uid(), "c"), "one", "two", "three");

        assertEquals("one\ntwo\nthree\n", get("p1", "c", ""));
        assertEquals("two\nthree\n", get("p1", "c", "tailLines=2"));
        assertEquals("", get("p1", "c", "tailLines=0"));
        assertEquals("2025-03-01T10:00:02.000000000Z three\n", get("p1", "c", "tailLines=1&timestamps=true"));
        assertEquals("one\ntw", get("p1", "c", "limitBytes=6"));
        assertEquals("2025-03-01T10:00:01.000000000Z tw", get("p1", "c", "tailLines=2&timestamps=true&limitBytes=33"));
    }

    @Test
    void sinceTimeAndSinceSecondsSkipEarlierLines() throws Exception {
        writeLog(dirs.logFile(uid(), "c"), "one", "two", "three");

        assertEquals("two\nthree\n", get("p1", "c", "sinceTime=2025-03-01T10:00:01Z"));
        assertEquals("two\nthree\n", get("p1", "c", "sinceTime=2025-03-01T11:00:00.5%2B01:00"));
        clock = Clock.fixed(T0.plusMillis(2500), ZoneOffset.UTC);
        assertEquals("three\n", get("p1", "c", "sinceSeconds=1"));
        assertEquals("one\ntwo\nthree\n", get("p1", "c", "sinceSeconds=3600"));
    }

    @Test
    void badOptionsAreRefusedWith400() {
        assertEquals("tailLines: Invalid value: -1: must be greater than or equal to 0", refusal("tailLines=-1", 400));
        assertEquals("limitBytes: Invalid value: 0: must be greater than 0", refusal("limitBytes=0", 400));
        assertEquals("sinceSeconds: Invalid value: 0: must be greater than 0", refusal("sinceSeconds=0", 400));
        assertEquals("at most one of `sinceTime` or `sinceSeconds` may be specified",
                refusal("sinceSeconds=5&sinceTime=2025-03-01T10:00:00Z", 400));
        assertTrue(refusal("tailLines=ten", 400).startsWith("tailLines: invalid value \"ten\""));
        assertTrue(refusal("sinceTime=yesterday", 400).startsWith("sinceTime: invalid value"));
    }

    @Test
    void unknownPodsAndContainersAre404() {
        assertEquals("pods \"nope\" not found", refusal("nope", "c", "", 404));
        assertEquals("pods \"p2\" not found", refusal("p2", "c", "", 404)); // bound to a node of another agent
        assertEquals("container x is not valid for pod p1", refusal("p1", "x", "", 404));
    }

    @Test
    void previousIsTheLastRunsLogAndRefusedWhenThereIsNone() throws Exception {
        assertEquals("previous terminated container \"c\" in pod \"p1\" not found", refusal("previous=true", 400));
        Path file = dirs.logFile(uid(), "c");
        writeLog(file, "first run");
        logs.start(file).close(); // the container restarted, and its new run wrote nothing yet

        assertEquals("first run\n", get("p1", "c", "previous=true"));
        assertEquals("first run\n", get("p1", "c", "previous=true&follow=true")); // it has ended: no waiting
        assertEquals("", get("p1", "c", ""));
        assertEquals("", get("p1", "init", "")); // a container that never ran has an empty log
    }

    @Test
    void followStreamsNewLinesAsTheyAreWrittenUntilTheLogCloses() throws Exception {
        PipedOutputStream stdout = new PipedOutputStream();
        Files.createDirectories(dirs.podDir(uid()));
        ContainerLog log = logs.start(dirs.logFile(uid(), "c"));
        log.pump(new PipedInputStream(stdout), new ByteArrayInputStream(new byte[0]), "test");
        stdout.write("before\n".getBytes(StandardCharsets.UTF_8));
        stdout.flush();

        AssertSubscriber<byte[]> follower = open("p1", "c", "follow=true")
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        awaitText(follower, "before\n");
        stdout.write("after\n".getBytes(StandardCharsets.UTF_8));
        stdout.flush();
        awaitText(follower, "before\nafter\n");
        Thread.sleep(300);
        follower.assertNotTerminated(); // the container still runs: keep waiting for lines

        stdout.write("last".getBytes(StandardCharsets.UTF_8));
        stdout.close(); // the container ended

        follower.awaitCompletion(WAIT);
        assertEquals("before\nafter\nlast", text(follower.getItems()));
    }

    @Test
    void followOfARealContainerEndsWhenItExits() throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
        ProcessRuntime runtime = new ProcessRuntime(dirs, logs, timers, Clock.systemUTC());
        try {
            Pod sleeper = TestPods.pod("p3", "Never", TestPods.shell("main", "echo a; sleep 0.5; echo b >&2")).build();
            pods.put("default/p3", sleeper);
            PodSandbox sandbox = runtime.createSandbox(sleeper, "node-1", "10.244.1.3");
            ContainerHandle handle = runtime.startContainer(sandbox, sleeper, sleeper.getSpec().getContainers().get(0));

            AssertSubscriber<byte[]> follower = open("p3", "main", "follow=true&timestamps=true")
                    .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

            follower.awaitCompletion(WAIT);
            assertTrue(handle.exited().isDone(), "the stream ended before the container");
            String[] lines = text(follower.getItems()).split("\n");
            assertEquals(2, lines.length);
            assertTrue(lines[0].matches("\\S+Z a") && lines[1].matches("\\S+Z b"), String.join("|", lines));
        } finally {
            runtime.close();
            timers.shutdownNow();
        }
    }

    private String uid() {
        return pod.getMetadata().getUid();
    }

    /** A CRI log with one stdout line per second from T0. */
    private static void writeLog(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            byte[] text = lines[i].getBytes(StandardCharsets.UTF_8);
            out.write(CriLog.encode(T0.plusSeconds(i), CriLog.STDOUT, false, text, 0, text.length));
        }
        Files.write(file, out.toByteArray());
    }

    private Multi<byte[]> open(String podName, String container, String query) throws IOException {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return resource().open("default", podName, container, params::get);
    }

    private String get(String podName, String container, String query) throws IOException {
        return text(open(podName, container, query).collect().asList().await().atMost(WAIT));
    }

    private String refusal(String query, int code) {
        return refusal("p1", "c", query, code);
    }

    private String refusal(String podName, String container, String query, int code) {
        LogRequestException e = assertThrows(LogRequestException.class, () -> open(podName, container, query));
        assertEquals(code, e.code());
        assertEquals(code, e.status().getCode());
        return e.status().getMessage();
    }

    private static void awaitText(AssertSubscriber<byte[]> subscriber, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!text(subscriber.getItems()).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " but got " + text(subscriber.getItems()));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static String text(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toString(StandardCharsets.UTF_8);
    }
}
