package io.quarkube.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.util.Set;

/**
 * Which set-but-zero scalars to leave out of the JSON. Go's protobuf marshaller writes every non-pointer field,
 * zero or not, and Go's JSON marshaller then drops the {@code omitempty} ones; the wire cannot tell a non-pointer
 * zero from a pointer set to zero ({@code replicas: 0}, {@code runAsUser: 0} matter). So:
 * <ul>
 * <li>empty strings and bytes are dropped (an empty pointer string means something only for the class names
 * below);</li>
 * <li>zero numbers and false are kept (always the same meaning as Kubernetes' defaults), except in status
 * messages and for the known non-pointer {@code omitempty} fields kubectl's typed writes carry, so their JSON
 * matches what kubectl sends as JSON.</li>
 * </ul>
 */
final class GoZeroValues {
    /** Pointer strings for which "" differs from unset. */
    private static final Set<String> MEANINGFUL_EMPTY_STRINGS = Set.of("storageClassName", "volumeAttributesClassName");

    /** Non-pointer omitempty numbers and booleans, as {@code Message.field} (all API versions alike). */
    private static final Set<String> OMITEMPTY_SCALARS = Set.of(
            "ObjectMeta.generation",
            "Container.stdin", "Container.stdinOnce", "Container.tty",
            "EphemeralContainerCommon.stdin", "EphemeralContainerCommon.stdinOnce", "EphemeralContainerCommon.tty",
            "ContainerPort.hostPort", "VolumeMount.readOnly",
            "Probe.initialDelaySeconds", "Probe.timeoutSeconds", "Probe.periodSeconds", "Probe.successThreshold",
            "Probe.failureThreshold",
            "PodSpec.hostNetwork", "PodSpec.hostPID", "PodSpec.hostIPC",
            "DeploymentSpec.minReadySeconds", "DeploymentSpec.paused", "ReplicaSetSpec.minReadySeconds",
            "DaemonSetSpec.minReadySeconds", "StatefulSetSpec.minReadySeconds",
            "ServicePort.nodePort", "ServiceSpec.healthCheckNodePort", "ServiceSpec.publishNotReadyAddresses",
            "PriorityClass.globalDefault");

    private GoZeroValues() {
    }

    static boolean omitted(Descriptor message, FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case STRING -> ((String) value).isEmpty() && !MEANINGFUL_EMPTY_STRINGS.contains(field.getName());
            case BYTE_STRING -> ((ByteString) value).isEmpty();
            case INT, LONG, FLOAT, DOUBLE -> ((Number) value).doubleValue() == 0 && zeroOmitted(message, field);
            case BOOLEAN -> !((Boolean) value) && zeroOmitted(message, field);
            case MESSAGE, ENUM -> false;
        };
    }

    private static boolean zeroOmitted(Descriptor message, FieldDescriptor field) {
        // status structs are reported by the server; their counters are plain omitempty ints
        return message.getName().endsWith("Status") || OMITEMPTY_SCALARS.contains(message.getName() + "." + field.getName());
    }
}
