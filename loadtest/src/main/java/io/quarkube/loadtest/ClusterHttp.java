package io.quarkube.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.api.json.Json;
import io.quarkube.infra.Certificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Plain HTTP(S) to the cluster for what the typed ApiClient does not do: lists with their resourceVersion, watch
 * streams, and the services' /q/metrics (the api-server's over HTTPS with the cluster CA, the others plain).
 */
final class ClusterHttp {
    private final String apiServer;
    private final String token;
    private final HttpClient http;

    ClusterHttp(String apiServerUrl, String token, Path caFile) {
        this.apiServer = apiServerUrl;
        this.token = token;
        try {
            this.http = HttpClient.newBuilder().sslContext(Certificates.trusting(caFile))
                    .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster CA " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** GET of an api path (e.g. /api/v1/pods?limit=1) as JSON; throws on a non-2xx answer. */
    JsonNode getJson(String path) {
        HttpResponse<byte[]> r = send(request(apiServer + path).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + new String(r.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return Json.read(r.body(), JsonNode.class);
    }

    /** The text of a metrics endpoint, or null when it cannot be read (the service may be busy or gone). */
    String metrics(String serviceUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Opens a watch ({@code path} is a collection path; resourceVersion and bookmarks are added) and returns its
     * lines, one event each. Status and body of a refused watch are in the exception.
     */
    Stream<String> watch(String path, String resourceVersion) {
        String sep = path.contains("?") ? "&" : "?";
        String url = apiServer + path + sep + "watch=true&allowWatchBookmarks=true&timeoutSeconds=3600"
                + (resourceVersion == null ? "" : "&resourceVersion=" + resourceVersion);
        HttpResponse<Stream<String>> r = send(request(url).build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            String body = String.join("\n", r.body().limit(20).toList());
            throw new WatchRefused(r.statusCode(), "watch " + path + " -> " + r.statusCode() + ": " + body);
        }
        return r.body();
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static final class WatchRefused extends RuntimeException {
        final int code;

        WatchRefused(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}
