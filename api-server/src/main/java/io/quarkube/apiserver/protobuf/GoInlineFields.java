package io.quarkube.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.util.Set;

/**
 * Go structs embedded with {@code json:",inline"}: protobuf gives them a field of their own (named after the Go
 * type), JSON merges their fields into the parent. The descriptor cannot tell them apart from ordinary fields,
 * so these are the ones in the stable API groups (k8s.io/api types.go), as {@code Message.field}.
 */
final class GoInlineFields {
    private static final Set<String> INLINE = Set.of(
            "Volume.volumeSource",
            "PersistentVolumeSpec.persistentVolumeSource",
            "Probe.handler",
            "EphemeralContainer.ephemeralContainerCommon",
            "ConfigMapEnvSource.localObjectReference", "SecretEnvSource.localObjectReference",
            "ConfigMapKeySelector.localObjectReference", "SecretKeySelector.localObjectReference",
            "ConfigMapVolumeSource.localObjectReference", "ConfigMapProjection.localObjectReference",
            "SecretProjection.localObjectReference",
            "IngressRule.ingressRuleValue",
            "RuleWithOperations.rule", "NamedRuleWithOperations.ruleWithOperations");

    private GoInlineFields() {
    }

    static boolean inline(Descriptor message, FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                && INLINE.contains(message.getName() + "." + field.getName());
    }
}
