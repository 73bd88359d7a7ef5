package io.quarkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Policy;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.goMeta;
import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.wrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Objects built with the generated messages as client-go fills them decode to the JSON Go would marshal. */
class ProtobufBodiesTest {

    private static Quantity q(String value) {
        return Quantity.newBuilder().setString(value).build();
    }

    private static JsonNode decode(byte[] body) throws IOException {
        return Json.MAPPER.readTree(ProtobufBodies.toJson(body));
    }

    private static void assertJson(String expected, byte[] body) throws IOException {
        JsonNode decoded = decode(body);
        assertEquals(Json.MAPPER.readTree(expected), decoded, "decoded: " + decoded);
    }

    @Test
    void deploymentWithQuantitiesIntOrStringsProbesAndVolumes() throws IOException {
        V1.Container container = V1.Container.newBuilder().setName("web").setImage("nginx:1.27").setWorkingDir("")
                .addPorts(V1.ContainerPort.newBuilder().setName("http").setContainerPort(80).setProtocol("TCP")
                        .setHostPort(0).setHostIP(""))
                .setResources(V1.ResourceRequirements.newBuilder().putRequests("cpu", q("250m"))
                        .putRequests("memory", q("64Mi")).putLimits("cpu", q("1")))
                .setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                .setPath("/").setPort(IntOrString.newBuilder().setType(1).setIntVal(0)
                                        .setStrVal("http")).setHost("").setScheme("HTTP")))
                        .setInitialDelaySeconds(0).setTimeoutSeconds(0).setPeriodSeconds(5))
                .addEnv(V1.EnvVar.newBuilder().setName("A").setValue("").setValueFrom(V1.EnvVarSource.newBuilder()
                        .setConfigMapKeyRef(V1.ConfigMapKeySelector.newBuilder().setKey("k")
                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("cm")))))
                .addVolumeMounts(V1.VolumeMount.newBuilder().setName("data").setMountPath("/data")
                        .setReadOnly(false))
                .setStdin(false).setTty(false).build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("web").putLabels("app", "web").putAnnotations("note", ""))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(3)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(goMeta("").putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container)
                                        .addVolumes(V1.Volume.newBuilder().setName("data")
                                                .setVolumeSource(V1.VolumeSource.newBuilder().setEmptyDir(
                                                        V1.EmptyDirVolumeSource.newBuilder().setMedium("")
                                                                .setSizeLimit(q("1Gi")))))
                                        .setRestartPolicy("Always").setDnsPolicy("").setNodeName("")
                                        .setTerminationGracePeriodSeconds(0).setHostNetwork(false)))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(1)
                                                .setStrVal(""))
                                        .setMaxSurge(IntOrString.newBuilder().setType(1).setStrVal("25%"))))
                        .setMinReadySeconds(0).setRevisionHistoryLimit(10).setPaused(false))
                .setStatus(V1Apps.DeploymentStatus.newBuilder().setReplicas(0).setObservedGeneration(0))
                .build();

        assertJson("""
                {"kind":"Deployment","apiVersion":"apps/v1",
                 "metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"},"annotations":{"note":""}},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
                   "spec":{"volumes":[{"name":"data","emptyDir":{"sizeLimit":"1Gi"}}],
                    "containers":[{"name":"web","image":"nginx:1.27",
                     "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
                     "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k"}}}],
                     "resources":{"limits":{"cpu":"1"},"requests":{"cpu":"250m","memory":"64Mi"}},
                     "volumeMounts":[{"name":"data","mountPath":"/data"}],
                     "readinessProbe":{"httpGet":{"path":"/","port":"http","scheme":"HTTP"},"periodSeconds":5}}],
                    "restartPolicy":"Always","terminationGracePeriodSeconds":0}},
                  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"25%"}},
                  "revisionHistoryLimit":10},
                 "status":{}}""", wrap("apps/v1", "Deployment", deployment));
    }

    @Test
    void jobKeepsPointerZerosAndPrintsTimesAsRfc3339() throws IOException {
        V1Batch.Job job = V1Batch.Job.newBuilder()
                .setMetadata(goMeta("j").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L)))
                .setSpec(V1Batch.JobSpec.newBuilder().setBackoffLimit(0).setParallelism(2).setSuspend(false)
                        .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(goMeta(""))
                                .setSpec(V1.PodSpec.newBuilder().setRestartPolicy("Never")
                                        .addContainers(V1.Container.newBuilder().setName("j").setImage("busybox")
                                                .addCommand("echo").addCommand("")))))
                .setStatus(V1Batch.JobStatus.newBuilder().setActive(0)
                        .setStartTime(Meta.Time.newBuilder().setSeconds(1_700_000_060L).setNanos(999_000_000))
                        .addConditions(V1Batch.JobCondition.newBuilder().setType("Complete").setStatus("True")
                                .setLastProbeTime(Meta.Time.getDefaultInstance())
                                .setLastTransitionTime(Meta.Time.newBuilder().setSeconds(1_700_000_120L))))
                .build();

        assertJson("""
                {"kind":"Job","apiVersion":"batch/v1",
                 "metadata":{"name":"j","creationTimestamp":"2023-11-14T22:13:20Z"},
                 "spec":{"parallelism":2,"backoffLimit":0,"suspend":false,
                  "template":{"metadata":{"creationTimestamp":null},
                   "spec":{"containers":[{"name":"j","image":"busybox","command":["echo",""]}],
                    "restartPolicy":"Never"}}},
                 "status":{"conditions":[{"type":"Complete","status":"True","lastProbeTime":null,
                   "lastTransitionTime":"2023-11-14T22:15:20Z"}],
                  "startTime":"2023-11-14T22:14:20Z"}}""", wrap("batch/v1", "Job", job));
    }

    @Test
    void cronJobNestsItsJobTemplate() throws IOException {
        V1Batch.CronJob cronJob = V1Batch.CronJob.newBuilder().setMetadata(goMeta("cj"))
                .setSpec(V1Batch.CronJobSpec.newBuilder().setSchedule("*/5 * * * *").setTimeZone("Etc/UTC")
                        .setConcurrencyPolicy("Forbid").setSuccessfulJobsHistoryLimit(0)
                        .setJobTemplate(V1Batch.JobTemplateSpec.newBuilder().setMetadata(goMeta("cj"))
                                .setSpec(V1Batch.JobSpec.newBuilder().setTemplate(V1.PodTemplateSpec.newBuilder()
                                        .setSpec(V1.PodSpec.newBuilder().setRestartPolicy("OnFailure")
                                                .addContainers(V1.Container.newBuilder().setName("c")
                                                        .setImage("busybox")))))))
                .setStatus(V1Batch.CronJobStatus.newBuilder()
                        .setLastScheduleTime(Meta.Time.newBuilder().setSeconds(1_700_000_100L)))
                .build();

        assertJson("""
                {"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"cj","creationTimestamp":null},
                 "spec":{"schedule":"*/5 * * * *","timeZone":"Etc/UTC","concurrencyPolicy":"Forbid",
                  "jobTemplate":{"metadata":{"name":"cj","creationTimestamp":null},
                   "spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],
                    "restartPolicy":"OnFailure"}}}},
                  "successfulJobsHistoryLimit":0},
                 "status":{"lastScheduleTime":"2023-11-14T22:15:00Z"}}""", wrap("batch/v1", "CronJob", cronJob));
    }

    @Test
    void evictionCarriesItsDeleteOptions() throws IOException {
        V1Policy.Eviction eviction = V1Policy.Eviction.newBuilder()
                .setMetadata(goMeta("p1").setNamespace("default"))
                .setDeleteOptions(Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0)
                        .setPreconditions(Meta.Preconditions.newBuilder().setUid("u1"))
                        .addDryRun("All"))
                .build();

        assertJson("""
                {"kind":"Eviction","apiVersion":"policy/v1",
                 "metadata":{"name":"p1","namespace":"default","creationTimestamp":null},
                 "deleteOptions":{"gracePeriodSeconds":0,"preconditions":{"uid":"u1"},"dryRun":["All"]}}""",
                wrap("policy/v1", "Eviction", eviction));
        assertJson("""
                {"kind":"DeleteOptions","apiVersion":"apps/v1","propagationPolicy":"Foreground"}""",
                wrap("apps/v1", "DeleteOptions", Meta.DeleteOptions.newBuilder()
                        .setPropagationPolicy("Foreground").build()));
    }

    @Test
    void bytesAreBase64MicroTimesKeepMicrosecondsAndRawJsonIsEmbedded() throws IOException {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(goMeta("s"))
                .putData("a", ByteString.copyFromUtf8("hello")).putData("empty", ByteString.EMPTY)
                .putStringData("plain", "text").setType("Opaque").setImmutable(true).build();
        assertJson("""
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},
                 "immutable":true,"data":{"a":"aGVsbG8=","empty":""},"stringData":{"plain":"text"},
                 "type":"Opaque"}""", wrap("v1", "Secret", secret));

        V1.Event event = V1.Event.newBuilder().setMetadata(goMeta("e"))
                .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Pod").setName("p"))
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_789))
                .setCount(0).build();
        JsonNode decodedEvent = decode(wrap("v1", "Event", event));
        assertEquals("2023-11-14T22:13:20.123456Z", decodedEvent.path("eventTime").asText());
        assertEquals(0, decodedEvent.path("count").asInt(-1), "count is a plain int that Go prints as 0");

        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(goMeta("r").addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                        .setManager("kubectl").setOperation("Update").setFieldsType("FieldsV1")
                        .setTime(Meta.Time.newBuilder().setSeconds(1_700_000_000L))
                        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:spec\":{}}")))))
                .setData(io.kubernetes.client.proto.Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFrom("{\"spec\":{\"x\":[1,2]}}", StandardCharsets.UTF_8)))
                .setRevision(2).build();
        assertJson("""
                {"kind":"ControllerRevision","apiVersion":"apps/v1",
                 "metadata":{"name":"r","creationTimestamp":null,"managedFields":[{"manager":"kubectl",
                  "operation":"Update","time":"2023-11-14T22:13:20Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:spec":{}}}]},
                 "data":{"spec":{"x":[1,2]}},"revision":2}""", wrap("apps/v1", "ControllerRevision", revision));
    }

    @Test
    void onlyTheKubernetesProtobufMediaTypeIsRecognised() {
        assertTrue(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf"));
        assertTrue(ProtobufBodies.isProtobuf("Application/vnd.kubernetes.protobuf; charset=utf-8"));
        assertFalse(ProtobufBodies.isProtobuf("application/json"));
        assertFalse(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf+json"));
        assertFalse(ProtobufBodies.isProtobuf(null));
    }
}
