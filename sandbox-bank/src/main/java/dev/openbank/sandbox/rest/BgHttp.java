package dev.openbank.sandbox.rest;

import dev.openbank.xs2a.model.Common.ErrorBody;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The NextGenPSD2 HTTP conventions of every {@code /v1} call: X-Request-ID (a UUID) is required and
 * echoed on every answer, errors included, and errors are {@code tppMessages} bodies.
 */
public class BgHttp {

  static final String REQUEST_ID = "X-Request-ID";

  @ServerRequestFilter
  public Response requireRequestId(ContainerRequestContext request) {
    if (!request.getUriInfo().getPath().contains("/v1/")) {
      return null;
    }
    String id = request.getHeaderString(REQUEST_ID);
    try {
      UUID.fromString(id == null ? "" : id);
      return null;
    } catch (IllegalArgumentException e) {
      return error(400, "FORMAT_ERROR", "X-Request-ID must be a UUID", null);
    }
  }

  @ServerResponseFilter
  public void echoRequestId(ContainerRequestContext request, ContainerResponseContext response) {
    String id = request.getHeaderString(REQUEST_ID);
    if (id != null && request.getUriInfo().getPath().contains("/v1/")) {
      response.getHeaders().putSingle(REQUEST_ID, id);
    }
  }

  @ServerExceptionMapper
  public Response bgError(BgError e, HttpServerRequest request) {
    return error(e.status(), e.code(), e.getMessage(), request.getHeader(REQUEST_ID));
  }

  static Response error(int status, String code, String text, String requestId) {
    Response.ResponseBuilder r =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(ErrorBody.of(code, text));
    if (requestId != null) {
      r.header(REQUEST_ID, requestId);
    }
    return r.build();
  }
}
