package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.quarkube.apiserver.ApiServerTest.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** Every workload kind is served, defaulted and validated as Kubernetes does. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class WorkloadKindsTest {
    private static final String TEMPLATE = """
            "template":{"metadata":{"labels":{"app":"%s"}},"spec":{%s"containers":[{"name":"c","image":"nginx:1.27"}]}}""";

    @Test
    void deploymentsGetTheUpstreamDefaults() {
        api().body("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d1"},
                 "spec":{"selector":{"matchLabels":{"app":"d1"}},%s}}""".formatted(TEMPLATE.formatted("d1", "")))
                .post("/apis/apps/v1/namespaces/default/deployments").then().statusCode(201)
                .body("spec.replicas", equalTo(1))
                .body("spec.strategy.type", equalTo("RollingUpdate"))
                .body("spec.strategy.rollingUpdate.maxSurge", equalTo("25%"))
                .body("spec.strategy.rollingUpdate.maxUnavailable", equalTo("25%"))
                .body("spec.revisionHistoryLimit", equalTo(10))
                .body("spec.progressDeadlineSeconds", equalTo(600))
                .body("metadata.generation", equalTo(1));
        api().body("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d2"},
                 "spec":{"selector":{"matchLabels":{"app":"d2"}},
                  "strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":"0%%"}},%s}}"""
                .formatted(TEMPLATE.formatted("d2", "")))
                .post("/apis/apps/v1/namespaces/default/deployments").then().statusCode(422)
                .body("details.causes.field", hasItem("spec.strategy.rollingUpdate.maxUnavailable"));
    }

    @Test
    void jobsGetAGeneratedSelectorAndMayNotRestartAlways() {
        api().body("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j1"},
                 "spec":{%s}}""".formatted(TEMPLATE.formatted("j1", "\"restartPolicy\":\"Never\",")))
                .post("/apis/batch/v1/namespaces/default/jobs").then().statusCode(201)
                .body("spec.backoffLimit", equalTo(6))
                .body("spec.completions", equalTo(1))
                .body("spec.parallelism", equalTo(1))
                .body("spec.podReplacementPolicy", equalTo("TerminatingOrFailed"))
                .body("spec.selector.matchLabels.'batch.kubernetes.io/controller-uid'", notNullValue())
                .body("spec.template.metadata.labels.'batch.kubernetes.io/job-name'", equalTo("j1"));
        api().body("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j2"},
                 "spec":{%s}}""".formatted(TEMPLATE.formatted("j2", "\"restartPolicy\":\"Always\",")))
                .post("/apis/batch/v1/namespaces/default/jobs").then().statusCode(422)
                .body("details.causes.field", hasItem("spec.template.spec.restartPolicy"));
    }

    @Test
    void cronJobsCheckTheirSchedule() {
        String cronJob = """
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"%s"},
                 "spec":{"schedule":"%s","jobTemplate":{"spec":{%s}}}}""";
        String template = TEMPLATE.formatted("cj", "\"restartPolicy\":\"OnFailure\",");
        api().body(cronJob.formatted("cj1", "*/1 * * * *", template))
                .post("/apis/batch/v1/namespaces/default/cronjobs").then().statusCode(201)
                .body("spec.concurrencyPolicy", equalTo("Allow"))
                .body("spec.successfulJobsHistoryLimit", equalTo(3))
                .body("spec.failedJobsHistoryLimit", equalTo(1));
        api().body(cronJob.formatted("cj2", "every minute", template))
                .post("/apis/batch/v1/namespaces/default/cronjobs").then().statusCode(422)
                .body("details.causes.field", hasItem("spec.schedule"));
        // out of range and a time zone inside the schedule: rejected as Kubernetes does, with its reason
        api().body(cronJob.formatted("cj3", "61 * * * *", template))
                .post("/apis/batch/v1/namespaces/default/cronjobs").then().statusCode(422)
                .body("details.causes.field", hasItem("spec.schedule"));
        api().body(cronJob.formatted("cj4", "CRON_TZ=Europe/Berlin 0 1 * * *", template))
                .post("/apis/batch/v1/namespaces/default/cronjobs").then().statusCode(422)
                .body("details.causes.message", hasItem(org.hamcrest.Matchers.containsString(
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")));
        api().body(cronJob.formatted("cj5", "@hourly", template).replace("\"schedule\"",
                        "\"timeZone\":\"Mars/Olympus\",\"schedule\""))
                .post("/apis/batch/v1/namespaces/default/cronjobs").then().statusCode(422)
                .body("details.causes.field", hasItem("spec.timeZone"));
        api().body(cronJob.formatted("cj6", "@every 90m", template).replace("\"schedule\"",
                        "\"timeZone\":\"Europe/Berlin\",\"schedule\""))
                .post("/apis/batch/v1/namespaces/default/cronjobs").then().statusCode(201);
    }

    @Test
    void statefulSetsDaemonSetsClaimsEventsAndLeasesAreServed() {
        api().body("""
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},
                 "spec":{"serviceName":"web","selector":{"matchLabels":{"app":"web"}},%s}}"""
                .formatted(TEMPLATE.formatted("web", ""))).post("/apis/apps/v1/namespaces/default/statefulsets")
                .then().statusCode(201).body("spec.podManagementPolicy", equalTo("OrderedReady"))
                .body("spec.updateStrategy.rollingUpdate.partition", equalTo(0));
        api().body("""
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
                 "spec":{"selector":{"matchLabels":{"app":"other"}},%s}}"""
                .formatted(TEMPLATE.formatted("agent", ""))).post("/apis/apps/v1/namespaces/default/daemonsets")
                .then().statusCode(422).body("details.causes.field", hasItem("spec.template.metadata.labels"));
        api().body("""
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"www-web-0"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""")
                .post("/api/v1/namespaces/default/persistentvolumeclaims").then().statusCode(201)
                .body("status.phase", equalTo("Pending"));
        api().body("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1"},"type":"Normal","reason":"Scheduled",
                 "involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"message":"hi"}""")
                .post("/api/v1/namespaces/default/events").then().statusCode(201);
        api().body("""
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"leader"},
                 "spec":{"holderIdentity":"a","leaseDurationSeconds":15}}""")
                .post("/apis/coordination.k8s.io/v1/namespaces/default/leases").then().statusCode(201)
                .body("spec.holderIdentity", equalTo("a"));
    }
}
