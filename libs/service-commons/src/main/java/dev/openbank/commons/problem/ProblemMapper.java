package dev.openbank.commons.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one table from exceptions to RFC 9457 responses, shared by every service. Clients never see a
 * stack trace; unexpected errors get an opaque reference that appears in the log.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  /** Builds the HTTP response for a problem. */
  public static Response response(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return response(e.problem());
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    Problem.FieldError first = errors.isEmpty() ? null : errors.get(0);
    ProblemType t = ProblemType.INVALID_REQUEST;
    return response(
        new Problem(
            t.uri(),
            t.title(),
            t.status(),
            first == null ? "invalid request" : first.field() + ": " + first.detail(),
            first == null ? null : first.field(),
            errors));
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    // no path means the body itself is broken (e.g. truncated), not one field
    return jsonPath(e.getPath()) == null ? jsonSyntax(e) : jsonMapping(e);
  }

  @ServerExceptionMapper
  public Response jsonMapping(JsonMappingException e) {
    String field = jsonPath(e.getPath());
    ProblemType t = ProblemType.INVALID_REQUEST;
    String detail =
        field == null
            ? "the request body does not match the expected shape"
            : field + ": invalid value";
    return response(new Problem(t.uri(), t.title(), t.status(), detail, field, null));
  }

  @ServerExceptionMapper
  public Response jsonParse(JsonParseException e) {
    return jsonSyntax(e);
  }

  @ServerExceptionMapper
  public Response jsonSyntax(JsonProcessingException e) {
    ProblemType t = ProblemType.MALFORMED_JSON;
    return response(
        new Problem(t.uri(), t.title(), t.status(), "the body is not valid JSON", null, null));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    // the JSON reader reports unparsable bodies as a 400 wrapping the parser's exception
    if (e.getCause() instanceof MismatchedInputException m) {
      return mismatchedInput(m);
    }
    if (e.getCause() instanceof JsonProcessingException j) {
      return jsonSyntax(j);
    }
    int status = e.getResponse().getStatus();
    ProblemType t = ProblemType.forStatus(status);
    return response(new Problem(t.uri(), t.title(), status, t.title(), null, null));
  }

  @ServerExceptionMapper(priority = Integer.MAX_VALUE)
  public Response unexpected(Throwable e) {
    String reference = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected error, reference %s", reference);
    ProblemType t = ProblemType.INTERNAL;
    return response(
        new Problem(
            t.uri(),
            t.title(),
            t.status(),
            "unexpected error, reference " + reference,
            null,
            null));
  }

  /** The snake_case JSON path of a violation, e.g. {@code goods[0].unit_price}. */
  public static String fieldOf(ConstraintViolation<?> v) {
    StringBuilder sb = new StringBuilder();
    int index = 0;
    for (Path.Node node : v.getPropertyPath()) {
      // skip the method and parameter nodes of a validated resource method
      if (index++ < 2 && node.getKind() != jakarta.validation.ElementKind.PROPERTY) {
        continue;
      }
      if (node.getName() == null) {
        continue;
      }
      if (node.getIndex() != null && sb.length() > 0) {
        sb.append('[').append(node.getIndex()).append(']');
      }
      if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
        continue; // e.g. "<list element>": the index above already names it
      }
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(SNAKE.translate(node.getName()));
    }
    return sb.toString();
  }

  /** The JSON path of a mapping error, e.g. {@code goods[0].quantity}, or null for none. */
  public static String jsonPath(List<JsonMappingException.Reference> path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
