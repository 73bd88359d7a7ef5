package io.quarkube.apiserver.metrics;

import io.quarkube.api.Resources;

/**
 * What a request does in Kubernetes' terms (kube-apiserver's RequestInfo): verb (get, list, watch, create,
 * update, patch, delete, deletecollection), API group, resource, subresource. Requests outside /api and /apis
 * (health, metrics) are not API requests: {@link #parse} returns null for them.
 */
public record RequestInfo(String verb, String group, String resource, String subresource, boolean longRunning) {

    /**
     * @param method the HTTP method
     * @param path   the request path, without the query
     * @param watch  the watch query parameter ("true"/"1" makes a GET of a collection a watch)
     */
    public static RequestInfo parse(String method, String path, String watch) {
        String[] parts = trimSlashes(path).split("/");
        int i;
        String group;
        if (parts.length >= 1 && parts[0].equals("api")) {
            group = "";
            i = 2; // api, v1
        } else if (parts.length >= 1 && parts[0].equals("apis")) {
            group = parts.length >= 2 ? parts[1] : "";
            i = 3; // apis, group, version
        } else {
            return null;
        }
        if (parts.length <= i) { // discovery: /api, /apis, /api/v1, /apis/apps/v1
            return new RequestInfo(method.toLowerCase(java.util.Locale.ROOT), group, "", "", false);
        }
        boolean watchPath = parts[i].equals("watch");
        if (watchPath) {
            i++;
        }
        if (parts.length > i + 2 && parts[i].equals("namespaces") && !isNamespaceSubresource(parts[i + 2])) {
            i += 2; // namespaces/{namespace}/<resource>...: the namespace is not a label (unbounded)
        }
        String resource = parts.length > i ? parts[i] : "";
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        String sub = parts.length > i + 2 ? parts[i + 2] : "";
        boolean isWatch = watchPath || method.equals("GET") && ("true".equals(watch) || "1".equals(watch));
        String verb = switch (method) {
            case "GET", "HEAD" -> isWatch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        // a watch streams for minutes and a followed log until the container ends: no latency to speak of
        boolean longRunning = isWatch || sub.equals("log");
        return new RequestInfo(verb, group, resource, sub, longRunning);
    }

    /**
     * The same request with a resource or subresource that quarkube does not serve named "other", so that
     * requests for made-up paths cannot grow the metrics without bound.
     */
    public RequestInfo bounded() {
        if (resource.isEmpty()) {
            return Resources.groups().contains(group) ? this : new RequestInfo(verb, "other", "", "", longRunning);
        }
        var type = Resources.ALL.stream().filter(t -> t.group().equals(group) && t.plural().equals(resource))
                .findFirst();
        if (type.isEmpty()) {
            return new RequestInfo(verb, Resources.groups().contains(group) ? group : "other", "other", "",
                    longRunning);
        }
        return subresource.isEmpty() || type.get().hasSubresource(subresource) ? this
                : new RequestInfo(verb, group, resource, "other", longRunning);
    }

    private static boolean isNamespaceSubresource(String s) {
        return s.equals("status") || s.equals("finalize");
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
