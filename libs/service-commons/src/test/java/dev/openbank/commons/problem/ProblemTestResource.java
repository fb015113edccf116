package dev.openbank.commons.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;

/** A resource that exists only in this library's tests, to exercise the problem mapping. */
@Path("/test/problems")
public class ProblemTestResource {

  public record Goods(@NotBlank String itemName, @Positive int quantity) {}

  public record CreateRequest(
      @NotBlank String creditorName, @Size(max = 2) List<@Valid Goods> goods) {}

  @POST
  @Path("/validated")
  public String validated(@Valid CreateRequest request) {
    return "ok";
  }

  @POST
  @Path("/conflict")
  public String conflict() {
    throw ProblemType.CONFLICT.exception("already cancelled", "link_id");
  }

  @POST
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("secret internal detail");
  }
}
