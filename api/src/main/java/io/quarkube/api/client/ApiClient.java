package io.quarkube.api.client;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The small typed REST client every component writes through. All writes go to the api-server so that
 * validation, optimistic concurrency and authentication apply to components exactly as to users.
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Path caFile;

    /** A client of an api-server over plain HTTP, or over HTTPS trusting the JDK's default CAs. */
    public ApiClient(String baseUrl, String token) {
        this(baseUrl, token, (SSLContext) null, null);
    }

    /**
     * A client of an api-server over HTTPS whose certificate must be signed by the CA in {@code caFile} (PEM, as
     * the launcher's {@code pki/ca.crt}); no other CA is trusted. The host name must match the certificate.
     */
    public ApiClient(String baseUrl, String token, Path caFile) {
        this(baseUrl, token, TrustedCa.sslContext(caFile), caFile);
    }

    private ApiClient(String baseUrl, String token, SSLContext tls, Path caFile) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.token = token;
        this.caFile = caFile;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        this.http = (tls == null ? b : b.sslContext(tls)).build();
    }

    public <T extends HasMetadata> T create(ResourceType<T> type, T object) {
        String path = type.collectionPath(object.getMetadata().getNamespace());
        return send("POST", path, object, type.modelClass());
    }

    public <T extends HasMetadata> Optional<T> get(ResourceType<T> type, String namespace, String name) {
        try {
            return Optional.of(send("GET", type.itemPath(namespace, name), null, type.modelClass()));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Lists a collection; namespace null means all namespaces; labelSelector may be null. */
    public <T extends HasMetadata> List<T> list(ResourceType<T> type, String namespace, String labelSelector) {
        String path = type.collectionPath(namespace);
        if (labelSelector != null && !labelSelector.isEmpty()) {
            path += "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
        }
        ListEnvelope envelope = send("GET", path, null, ListEnvelope.class);
        List<T> items = new ArrayList<>();
        for (Object item : envelope.items) {
            items.add(Json.MAPPER.convertValue(item, type.modelClass()));
        }
        return items;
    }

    /** PUT of the whole object; fails with 409 when its resourceVersion is stale. */
    public <T extends HasMetadata> T update(ResourceType<T> type, T object) {
        return send("PUT", itemPath(type, object), object, type.modelClass());
    }

    /** PUT of the status subresource: only .status changes. */
    public <T extends HasMetadata> T updateStatus(ResourceType<T> type, T object) {
        return send("PUT", itemPath(type, object) + "/status", object, type.modelClass());
    }

    public <T extends HasMetadata> void delete(ResourceType<T> type, String namespace, String name) {
        exchange("DELETE", type.itemPath(namespace, name), null); // answers the object or a Status
    }

    /** Deletes only if the object still has this UID (the precondition Kubernetes uses against name reuse). */
    public <T extends HasMetadata> void delete(ResourceType<T> type, String namespace, String name, String uid) {
        delete(type, namespace, name, new DeleteOptionsBuilder().withNewPreconditions().withUid(uid)
                .endPreconditions().build());
    }

    /** DELETE with options: grace period, propagation policy (Background/Foreground/Orphan), preconditions. */
    public <T extends HasMetadata> void delete(ResourceType<T> type, String namespace, String name,
                                               DeleteOptions options) {
        options.setKind("DeleteOptions");
        options.setApiVersion("v1");
        exchange("DELETE", type.itemPath(namespace, name), options);
    }

    /**
     * PUT namespaces/{name}/finalize: replaces only spec.finalizers (the namespace controller drops "kubernetes"
     * once the namespace is empty); a terminating namespace left without finalizers is then removed.
     */
    public Namespace finalizeNamespace(Namespace namespace) {
        String path = Resources.NAMESPACES.itemPath(null, namespace.getMetadata().getName()) + "/finalize";
        return send("PUT", path, namespace, Namespace.class);
    }

    /** Posts pods/{name}/binding: assigns the pod to a node, exactly once (a second binding is 409). */
    public void bind(Pod pod, String nodeName) {
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName(nodeName).endTarget()
                .build();
        String path = Resources.PODS.itemPath(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                + "/binding";
        send("POST", path, binding, Status.class);
    }

    /**
     * PATCH of the status subresource with a strategic merge patch: lists with a merge key (conditions by type)
     * are merged item by item, so one condition changes without a read-modify-write race with other writers.
     */
    public <T extends HasMetadata> T patchStatus(ResourceType<T> type, String namespace, String name, Object patch) {
        HttpResponse<byte[]> response = exchange("PATCH", type.itemPath(namespace, name) + "/status", patch,
                "application/strategic-merge-patch+json");
        return Json.read(response.body(), type.modelClass());
    }

    /**
     * PATCH of the object with a strategic merge patch, without a resourceVersion: for a change that must not
     * conflict with other writers, e.g. {@code $deleteFromPrimitiveList/finalizers} removing one finalizer.
     */
    public <T extends HasMetadata> T patch(ResourceType<T> type, String namespace, String name, Object patch) {
        HttpResponse<byte[]> response = exchange("PATCH", type.itemPath(namespace, name), patch,
                "application/strategic-merge-patch+json");
        return Json.read(response.body(), type.modelClass());
    }

    /** POST of any JSON-serializable body (e.g. a manifest read as a Map) to a raw path. */
    public <R> R post(String path, Object body, Class<R> responseType) {
        return send("POST", path, body, responseType);
    }

    /** GET of a raw path (e.g. a log); returns the body as text. */
    public String getText(String path) {
        HttpResponse<byte[]> response = exchange("GET", path, null);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private <T extends HasMetadata> String itemPath(ResourceType<T> type, T object) {
        return type.itemPath(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    private <R> R send(String method, String path, Object body, Class<R> responseType) {
        HttpResponse<byte[]> response = exchange(method, path, body);
        return Json.read(response.body(), responseType);
    }

    private HttpResponse<byte[]> exchange(String method, String path, Object body) {
        return exchange(method, path, body, "application/json");
    }

    private HttpResponse<byte[]> exchange(String method, String path, Object body, String contentType) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.write(body));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, publisher)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLHandshakeException e) {
            throw new UncheckedIOException(method + " " + path + " failed: the TLS handshake with " + base
                    + " failed" + (caFile == null ? "" : " (is its certificate signed by the CA in " + caFile
                    + " and made for this host name?)") + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw toException(method, path, response);
        }
        return response;
    }

    private static ApiException toException(String method, String path, HttpResponse<byte[]> response) {
        Status status = null;
        try {
            status = Json.read(response.body(), Status.class);
        } catch (RuntimeException notAStatus) {
            // the message below still says what happened
        }
        String message = status != null && status.getMessage() != null ? status.getMessage()
                : new String(response.body(), StandardCharsets.UTF_8);
        return new ApiException(response.statusCode(), status,
                method + " " + path + " -> " + response.statusCode() + ": " + message);
    }

    /** Only the items of a list; each is converted to the model class afterwards. */
    static final class ListEnvelope {
        public List<Object> items = List.of();
    }
}
