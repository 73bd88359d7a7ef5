package io.quarkube.apiserver.openapi;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Schema names must be upstream's: kubectl explain prints their last segment as the field type. */
class SchemaNamesTest {

    @Test
    void fabric8PackagesMapToUpstreamDefinitionNames() {
        assertEquals("io.k8s.api.core.v1.Pod", SchemaNames.of(Pod.class));
        assertEquals("io.k8s.api.apps.v1.Deployment", SchemaNames.of(Deployment.class));
        assertEquals("io.k8s.api.batch.v1.CronJob", SchemaNames.of(CronJob.class));
        assertEquals("io.k8s.api.coordination.v1.Lease", SchemaNames.of(Lease.class));
    }

    @Test
    void apimachineryTypesKeptInFabric8CorePackageGetTheirOwnNames() {
        assertEquals("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", SchemaNames.of(ObjectMeta.class));
        assertEquals("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", SchemaNames.of(LabelSelector.class));
        assertEquals("io.k8s.apimachinery.pkg.util.intstr.IntOrString", SchemaNames.of(IntOrString.class));
        assertEquals("io.k8s.apimachinery.pkg.api.resource.Quantity", SchemaNames.of(Quantity.class));
    }
}
