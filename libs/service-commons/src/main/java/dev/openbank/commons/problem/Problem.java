package dev.openbank.commons.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type stable URI naming the kind of problem; clients switch on it
 * @param title short human summary of the type, the same for every occurrence
 * @param status HTTP status code
 * @param detail what went wrong this time, safe to show (never secrets or stack traces)
 * @param field the offending request field as a JSON path in snake_case, when one is to blame
 * @param errors every invalid field when there are several
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String field, List<FieldError> errors) {

  /** The media type of problem responses. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field. */
  @RegisterForReflection
  public record FieldError(String field, String detail) {}
}
