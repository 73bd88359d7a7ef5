package io.quarkube.apiserver.auth;

import io.quarkube.apiserver.errors.StatusException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a static token file, as kube-apiserver's --token-auth-file: one {@code token,user,uid}
 * per line. The launcher writes it with one token per user (admin and each component).
 */
@Startup
@ApplicationScoped
public class TokenAuthenticator {
    private static final Logger LOG = Logger.getLogger(TokenAuthenticator.class);

    private final Map<String, String> usersByToken = new HashMap<>();

    public TokenAuthenticator(@ConfigProperty(name = "quarkube.auth.token-file") String tokenFile) {
        Path path = Path.of(tokenFile);
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split(",");
                if (fields.length >= 2 && !fields[0].isEmpty() && !line.startsWith("#")) {
                    usersByToken.put(fields[0], fields[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + path.toAbsolutePath()
                    + " (quarkube.auth.token-file / QUARKUBE_AUTH_TOKEN_FILE): " + e.getMessage(), e);
        }
        if (usersByToken.isEmpty()) {
            throw new IllegalStateException("the token file " + path.toAbsolutePath() + " holds no tokens");
        }
        LOG.infof("authentication: %d users from %s", usersByToken.size(), path.toAbsolutePath());
    }

    /** The user of an Authorization header ({@code Bearer <token>}); empty when absent or unknown. */
    public Optional<String> fromHeader(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authenticate(authorization.substring(7).trim()) : Optional.empty();
    }

    /**
     * The user of an Authorization header, or a 401 Status for routes served outside JAX-RS (watch, logs)
     * that check the token themselves.
     */
    public String require(String authorization) {
        return fromHeader(authorization).orElseThrow(StatusException::unauthorized);
    }

    /** The user a bearer token belongs to; compares in constant time so tokens cannot be guessed by timing. */
    public Optional<String> authenticate(String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        String user = null;
        for (var entry : usersByToken.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                user = entry.getValue();
            }
        }
        return Optional.ofNullable(user);
    }
}
