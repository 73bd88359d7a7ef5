package io.quarkube.apiserver.openapi;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream OpenAPI definition names for fabric8 model classes: io.fabric8.kubernetes.api.model.Pod is
 * io.k8s.api.core.v1.Pod, ...model.apps.Deployment is io.k8s.api.apps.v1.Deployment, and the apimachinery
 * types fabric8 keeps in its core package (ObjectMeta, LabelSelector...) get their io.k8s.apimachinery names.
 */
final class SchemaNames {
    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");
    private static final Set<String> META_TYPES = Set.of("APIGroup", "APIGroupList", "APIResource",
            "APIResourceList", "APIVersions", "Condition", "DeleteOptions", "FieldsV1", "GroupVersionForDiscovery",
            "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ManagedFieldsEntry", "MicroTime",
            "ObjectMeta", "OwnerReference", "Patch", "Preconditions", "ServerAddressByClientCIDR", "Status",
            "StatusCause", "StatusDetails", "Time", "WatchEvent");

    private SchemaNames() {
    }

    static String of(Class<?> type) {
        String simple = type.getSimpleName();
        String pkg = type.getPackageName();
        if (!pkg.startsWith(FABRIC8)) {
            return pkg + "." + simple;
        }
        switch (simple) {
            case "IntOrString":
                return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
            case "Quantity":
                return "io.k8s.apimachinery.pkg.api.resource.Quantity";
            case "RawExtension":
                return "io.k8s.apimachinery.pkg.runtime.RawExtension";
            default:
                break;
        }
        if (pkg.equals(FABRIC8)) {
            return (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
        }
        String rest = pkg.substring(FABRIC8.length() + 1);
        int dot = rest.lastIndexOf('.');
        String last = dot < 0 ? rest : rest.substring(dot + 1);
        // fabric8 drops the version of apps (model.apps); the others keep it (model.batch.v1).
        String groupVersion = VERSION.matcher(last).matches() ? rest : rest + ".v1";
        return "io.k8s.api." + groupVersion + "." + simple;
    }
}
