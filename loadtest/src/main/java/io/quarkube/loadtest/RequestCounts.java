package io.quarkube.loadtest;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * API requests served between two scrapes of the api-server's metrics, by client, verb and resource: from
 * {@code apiserver_request_total} (labels client, verb, resource, subresource, code), or, from an api-server
 * without it, Quarkus' {@code http_server_requests_seconds_count} (method and URI template only).
 */
final class RequestCounts {
    static final String METRIC = "apiserver_request_total";
    static final String DURATION = "apiserver_request_duration_seconds";
    static final String FALLBACK = "http_server_requests_seconds_count";

    private final Map<String, Double> byKey;
    private final boolean detailed;

    private RequestCounts(Map<String, Double> byKey, boolean detailed) {
        this.byKey = byKey;
        this.detailed = detailed;
    }

    static RequestCounts between(PromText before, PromText after) {
        boolean detailed = after.has(METRIC);
        Map<String, Double> now = keyed(after, detailed);
        Map<String, Double> then = keyed(before, detailed);
        Map<String, Double> diff = new TreeMap<>();
        now.forEach((k, v) -> {
            double d = v - then.getOrDefault(k, 0.0);
            if (d > 0.5) {
                diff.put(k, d);
            }
        });
        return new RequestCounts(diff, detailed);
    }

    private static Map<String, Double> keyed(PromText scrape, boolean detailed) {
        Map<String, Double> m = new TreeMap<>();
        if (detailed) {
            for (PromText.Sample s : scrape.samples(METRIC)) {
                String sub = s.label("subresource");
                String key = s.label("client") + " " + s.label("verb") + " " + s.label("resource")
                        + (sub.isEmpty() ? "" : "/" + sub) + " " + s.label("code");
                m.merge(key, s.value(), Double::sum);
            }
        } else {
            for (PromText.Sample s : scrape.samples(FALLBACK)) {
                if (s.label("uri").startsWith("/q/")) {
                    continue;
                }
                m.merge("- " + s.label("method") + " " + s.label("uri") + " " + s.label("status"), s.value(),
                        Double::sum);
            }
        }
        return m;
    }

    boolean detailed() {
        return detailed;
    }

    double total() {
        return byKey.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Requests of one client (the user of the token: admin, system:node:..., system:kube-scheduler). */
    double byClient(String clientPrefix) {
        return byKey.entrySet().stream().filter(e -> e.getKey().startsWith(clientPrefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Responses with a code of 4xx/5xx (detailed metric only). */
    double errors() {
        return byKey.entrySet().stream().filter(e -> {
            String[] k = e.getKey().split(" ");
            return k[k.length - 1].matches("[45]\\d\\d");
        }).mapToDouble(Map.Entry::getValue).sum();
    }

    /** "client verb resource code" → count, highest first, at most {@code limit} rows. */
    Map<String, Double> top(int limit) {
        Map<String, Double> m = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> sorted = byKey.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(limit).toList();
        sorted.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    Map<String, Double> all() {
        return byKey;
    }
}
