package io.quarkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents of every group/version of the registry and their index, generated on first use
 * (reflection over a few hundred model classes takes a moment) and then served from the same bytes.
 */
@ApplicationScoped
public class OpenApiDocuments {
    /** One served document: its path in the index ("api/v1", "apis/apps/v1"), bytes and content hash. */
    public record Document(String path, byte[] json, String hash) {
        public String serverRelativeUrl() {
            return "/openapi/v3/" + path + "?hash=" + hash;
        }
    }

    private record Generated(Map<String, Document> documents, Document index) {
    }

    private final List<ResourceType<? extends HasMetadata>> types;
    private volatile Generated generated;

    public OpenApiDocuments() {
        this(Resources.ALL);
    }

    OpenApiDocuments(List<ResourceType<? extends HasMetadata>> types) {
        this.types = List.copyOf(types);
    }

    /** GET /openapi/v3. */
    public Document index() {
        return generated().index();
    }

    /** GET /openapi/v3/{path}, e.g. path "apis/apps/v1". */
    public Optional<Document> document(String path) {
        return Optional.ofNullable(generated().documents().get(path));
    }

    private Generated generated() {
        Generated current = generated;
        if (current == null) {
            synchronized (this) {
                current = generated;
                if (current == null) {
                    current = generate();
                    generated = current;
                }
            }
        }
        return current;
    }

    private Generated generate() {
        Map<String, List<ResourceType<? extends HasMetadata>>> byGv = new LinkedHashMap<>();
        for (ResourceType<? extends HasMetadata> type : types) {
            byGv.computeIfAbsent(type.groupVersionPath().substring(1), k -> new ArrayList<>()).add(type);
        }
        Map<String, Document> documents = new LinkedHashMap<>();
        ObjectNode index = Json.MAPPER.createObjectNode();
        ObjectNode paths = index.putObject("paths");
        byGv.forEach((path, inGv) -> {
            ResourceType<? extends HasMetadata> first = inGv.get(0);
            Document doc = document(path, GroupVersionDocument.build(first.group(), first.version(), inGv));
            documents.put(path, doc);
            paths.putObject(path).put("serverRelativeURL", doc.serverRelativeUrl());
        });
        return new Generated(Map.copyOf(documents), document("", index));
    }

    private static Document document(String path, ObjectNode json) {
        byte[] bytes = Json.write(json);
        try {
            // Upstream hashes with SHA-512 in upper-case hex; kubectl only compares it.
            String hash = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
            return new Document(path, bytes, hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is a required JDK algorithm", e);
        }
    }
}
