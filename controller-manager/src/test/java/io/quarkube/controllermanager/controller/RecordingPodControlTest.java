package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkube.api.events.EventRecorder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordingPodControlTest {
    private final ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns")
            .withUid("rs-uid").endMetadata().build();
    private final Pod pod = new PodBuilder().withNewMetadata().withGenerateName("web-").withName("web-1")
            .withNamespace("ns").addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
            .withName("web").withUid("rs-uid").withController(true).endOwnerReference().endMetadata().build();
    private final List<String> recorded = new ArrayList<>();
    private final FakePodControl fake = new FakePodControl();
    private final RecordingPodControl control = new RecordingPodControl(fake, recorder(), lister(Map.of("web", rs)),
            lister(Map.of("web-1", pod)));

    @Test
    void createsAndDeletesAreRecordedOnTheOwner() {
        Pod created = control.createPod(pod);
        control.deletePod("ns", "web-1", "pod-uid");
        assertEquals(List.of("web Normal SuccessfulCreate Created pod: " + created.getMetadata().getName(),
                "web Normal SuccessfulDelete Deleted pod: web-1"), recorded);
    }

    @Test
    void failuresAreWarningsAndStillThrow() {
        fake.createError = new IllegalStateException("quota");
        assertThrows(IllegalStateException.class, () -> control.createPod(pod));
        assertEquals(List.of("web Warning FailedCreate Error creating: quota"), recorded);
    }

    private EventRecorder recorder() {
        return new EventRecorder() {
            @Override
            public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
                recorded.add(involved.getMetadata().getName() + " " + type + " " + reason + " " + message);
            }

            @Override
            public EventRecorder withHost(String host) {
                return this;
            }
        };
    }

    private static <T extends HasMetadata> Lister<T> lister(Map<String, T> byName) {
        return new Lister<>() {
            @Override
            public Optional<T> get(String namespace, String name) {
                return Optional.ofNullable(byName.get(name));
            }

            @Override
            public List<T> list(String namespace) {
                return new ArrayList<>(byName.values());
            }
        };
    }
}
