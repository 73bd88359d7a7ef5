package io.quarkube.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The static token file (Kubernetes' {@code --token-auth-file} format: {@code token,user,uid} per line) and the
 * admin kubeconfig. Tokens are made once and kept, so a kubeconfig handed out earlier stays valid.
 */
public final class Tokens {
    public static final String ADMIN = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** Reads the token file, adds a token for every user that has none, and returns user → token. */
    public static Map<String, String> ensure(Path file, Collection<String> users) throws IOException {
        Map<String, String> tokens = new LinkedHashMap<>();
        StringBuilder added = new StringBuilder();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split(",");
                if (f.length >= 2 && !line.startsWith("#")) {
                    tokens.put(f[1].trim(), f[0].trim());
                }
            }
        }
        for (String user : users) {
            if (!tokens.containsKey(user)) {
                String token = newToken();
                tokens.put(user, token);
                added.append(token).append(',').append(user).append(',').append(UUID.randomUUID()).append('\n');
            }
        }
        if (added.length() > 0) {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file);
                ownerOnly(file);
            } else if (Files.size(file) > 0 && !Files.readString(file).endsWith("\n")) {
                added.insert(0, '\n'); // a hand-edited file without a final newline
            }
            Files.writeString(file, added, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        return tokens;
    }

    /**
     * Writes a kubeconfig with one cluster, the admin user and a current context, all named quarkube/admin. The
     * CA's PEM is embedded ({@code certificate-authority-data}), so the file works wherever it is copied.
     */
    public static void writeKubeconfig(Path file, String serverUrl, Path caFile, String adminToken)
            throws IOException {
        String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(caFile));
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: quarkube",
                "  cluster:",
                "    server: " + serverUrl,
                "    certificate-authority-data: " + caData,
                "users:",
                "- name: " + ADMIN,
                "  user:",
                "    token: " + adminToken,
                "contexts:",
                "- name: quarkube",
                "  context:",
                "    cluster: quarkube",
                "    user: " + ADMIN,
                "    namespace: default",
                "current-context: quarkube",
                "preferences: {}",
                "");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        ownerOnly(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** 32 random bytes, base64url: no comma, safe in the CSV and in a header. */
    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: the file is still under the user's own data dir
        }
    }
}
