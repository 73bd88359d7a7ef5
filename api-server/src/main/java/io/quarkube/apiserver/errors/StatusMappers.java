package io.quarkube.apiserver.errors;

import io.fabric8.kubernetes.api.model.Status;
import io.quarkube.api.json.Json;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as a Kubernetes Status; nothing reaches a client as an HTML page or a stack trace. */
public class StatusMappers {
    private static final Logger LOG = Logger.getLogger(StatusMappers.class);

    public static Response toResponse(Status status) {
        return Response.status(status.getCode()).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(status))
                .build();
    }

    @ServerExceptionMapper
    public Response status(StatusException e) {
        return toResponse(e.status());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return toResponse(StatusException.pathNotFound(uri.getPath()).status());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return toResponse(StatusException.methodNotAllowed("the server does not allow this method on the "
                + "requested resource (path " + uri.getPath() + ")").status());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        String reason = code == 415 ? "UnsupportedMediaType" : code == 406 ? "NotAcceptable"
                : code == 413 ? "RequestEntityTooLarge" : "BadRequest";
        Status status = new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(code)
                .withReason(reason).withMessage(e.getMessage()).withNewMetadata().endMetadata().build();
        return toResponse(status);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error serving a request", e);
        return toResponse(StatusException.internal(e.getClass().getSimpleName()).status());
    }
}
