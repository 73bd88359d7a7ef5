package io.quarkube.apiserver.auth;

import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.errors.StatusMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** Every API request must carry a known bearer token; otherwise 401 with a Status body. */
public class AuthenticationFilter {
    public static final String USER_PROPERTY = "quarkube.user";

    private final TokenAuthenticator authenticator;

    public AuthenticationFilter(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        Optional<String> user = authenticator.fromHeader(request.getHeaderString("Authorization"));
        if (user.isPresent()) {
            request.setProperty(USER_PROPERTY, user.get());
            return Optional.empty();
        }
        return Optional.of(StatusMappers.toResponse(StatusException.unauthorized().status()));
    }
}
