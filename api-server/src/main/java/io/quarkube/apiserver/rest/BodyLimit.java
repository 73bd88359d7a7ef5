package io.quarkube.apiserver.rest;

import io.quarkube.api.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies over the limit (3 MiB, as kube-apiserver) are refused with a 413 Status before anything is
 * read; quarkus.http.limits.max-body-size backs this up for bodies sent without a Content-Length.
 */
@ApplicationScoped
public class BodyLimit {
    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkube.api.max-body-bytes", defaultValue = "3145728") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void register(@Observes Router router) {
        router.route().order(-200).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
                var status = new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(413)
                        .withReason("RequestEntityTooLarge").withNewMetadata().endMetadata()
                        .withMessage("the request body is " + length + " bytes, more than the limit of " + maxBytes)
                        .build();
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close").end(Buffer.buffer(Json.write(status)));
            } else {
                ctx.next();
            }
        });
    }
}
