package io.quarkube.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which protobuf message a (apiVersion, kind) pair names, for every kind of the stable groups whose generated
 * messages client-java-proto ships. A kind is a top-level message with an ObjectMeta {@code metadata} field;
 * DeleteOptions is registered in every group version, as Kubernetes does.
 */
final class ProtobufKinds {
    private static final String OBJECT_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String API_PACKAGE = "k8s.io.api.";

    private final Map<String, Descriptor> kinds;
    private final Descriptor deleteOptions;

    private ProtobufKinds(List<FileDescriptor> files) {
        Map<String, Descriptor> found = new HashMap<>();
        for (FileDescriptor file : files) {
            String apiVersion = apiVersion(file.getPackage());
            for (Descriptor message : file.getMessageTypes()) {
                FieldDescriptor metadata = message.findFieldByName("metadata");
                if (metadata != null && metadata.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        && metadata.getMessageType().getFullName().equals(OBJECT_META)) {
                    found.put(key(apiVersion, message.getName()), message);
                }
            }
        }
        this.kinds = Map.copyOf(found);
        this.deleteOptions = Meta.DeleteOptions.getDescriptor();
    }

    /** Loaded on first use: building the descriptors of every group takes a noticeable moment. */
    private static final class Holder {
        static final ProtobufKinds INSTANCE = new ProtobufKinds(List.of(V1.getDescriptor(),
                V1Apps.getDescriptor(), V1Batch.getDescriptor(), V1Policy.getDescriptor(),
                V1Autoscaling.getDescriptor(), V1Networking.getDescriptor(), V1Rbac.getDescriptor(),
                V1Storage.getDescriptor(), V1Scheduling.getDescriptor(), V1Certificates.getDescriptor(),
                V1Authentication.getDescriptor(), V1Authorization.getDescriptor(),
                V1Admissionregistration.getDescriptor()));
    }

    static ProtobufKinds instance() {
        return Holder.INSTANCE;
    }

    Optional<Descriptor> find(String apiVersion, String kind) {
        if (kind.equals("DeleteOptions")) {
            return Optional.of(deleteOptions);
        }
        return Optional.ofNullable(kinds.get(key(apiVersion, kind)));
    }

    /** {@code k8s.io.api.apps.v1} → {@code apps/v1}; {@code k8s.io.api.core.v1} → {@code v1}. */
    static String apiVersion(String protoPackage) {
        if (!protoPackage.startsWith(API_PACKAGE)) {
            throw new IllegalArgumentException("not a Kubernetes API package: " + protoPackage);
        }
        String rest = protoPackage.substring(API_PACKAGE.length());
        int dot = rest.lastIndexOf('.');
        String group = rest.substring(0, dot);
        String version = rest.substring(dot + 1);
        String fullGroup = switch (group) {
            case "core" -> "";
            case "apps", "batch", "policy", "autoscaling", "extensions" -> group;
            case "rbac" -> "rbac.authorization.k8s.io";
            default -> group + ".k8s.io";
        };
        return fullGroup.isEmpty() ? version : fullGroup + "/" + version;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "\n" + kind;
    }
}
