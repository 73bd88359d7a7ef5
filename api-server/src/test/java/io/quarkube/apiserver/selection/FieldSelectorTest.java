package io.quarkube.apiserver.selection;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.apiserver.errors.StatusException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldSelectorTest {
    private static final Event STARTED = new EventBuilder()
            .withNewMetadata().withName("p1.1800000000000000").withNamespace("default").endMetadata()
            .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace("default").withName("p1")
            .withUid("uid-1").withResourceVersion("42").withFieldPath("spec.containers{c}").endInvolvedObject()
            .withReason("Started").withType("Normal").withReportingComponent("kubelet")
            .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
            .build();

    @Test
    void theSelectorKubectlDescribeSendsFindsThePodsEvents() {
        assertTrue(FieldSelector.parse("involvedObject.name=p1,involvedObject.namespace=default,"
                + "involvedObject.uid=uid-1", "Event").matches(STARTED));
        assertFalse(FieldSelector.parse("involvedObject.name=p1,involvedObject.namespace=default,"
                + "involvedObject.uid=uid-2", "Event").matches(STARTED), "a pod of the same name that was replaced");
    }

    @Test
    void everyEventFieldKubernetesSupportsSelects() {
        String[][] matching = {{"involvedObject.kind", "Pod"}, {"involvedObject.apiVersion", "v1"},
                {"involvedObject.resourceVersion", "42"}, {"involvedObject.fieldPath", "spec.containers{c}"},
                {"reason", "Started"}, {"type", "Normal"}, {"source", "kubelet"}, {"reportingComponent", "kubelet"},
                {"metadata.name", "p1.1800000000000000"}};
        for (String[] f : matching) {
            assertTrue(FieldSelector.parse(f[0] + "=" + f[1], "Event").matches(STARTED), f[0]);
            assertFalse(FieldSelector.parse(f[0] + "!=" + f[1], "Event").matches(STARTED), f[0]);
            assertFalse(FieldSelector.parse(f[0] + "==other", "Event").matches(STARTED), f[0]);
        }
        assertTrue(FieldSelector.parse("type!=Normal", "Event").matches(new EventBuilder(STARTED).withType("Warning")
                .build()));
    }

    @Test
    void eventFieldsAreOnlyForEventsAndUnknownFieldsAre400() {
        StatusException e = assertThrows(StatusException.class, () -> FieldSelector.parse("reason=Started", "Pod"));
        assertEquals(400, e.code());
        StatusException unknown = assertThrows(StatusException.class,
                () -> FieldSelector.parse("involvedObject.color=red", "Event"));
        assertTrue(unknown.getMessage().startsWith("\"involvedObject.color\" is not a known field selector: only "
                + "\"metadata.name\", \"metadata.namespace\", \"involvedObject.kind\""), unknown.getMessage());
        assertTrue(FieldSelector.parse("spec.nodeName=n1", "Pod")
                .matches(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                        .withNodeName("n1").endSpec().build()));
    }
}
