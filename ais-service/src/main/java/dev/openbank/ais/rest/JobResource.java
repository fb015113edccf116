package dev.openbank.ais.rest;

import dev.openbank.ais.repository.JobRepository;
import dev.openbank.ais.repository.JobRow;
import dev.openbank.ais.rest.AisDtos.CreateJob;
import dev.openbank.ais.rest.AisDtos.Job;
import dev.openbank.ais.rest.AisDtos.JobRef;
import dev.openbank.ais.service.JobService;
import dev.openbank.ais.service.JobService.FrequencyExceeded;
import dev.openbank.commons.problem.Problem;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v2/ais/jobs/create|get} (seed 004): on-demand data refreshes. Scope {@code ais}. A
 * consent's reads a day ({@code frequency_per_day}) bound the jobs of a day; past them, 429 with
 * {@code Retry-After} (seconds to the next day, UTC).
 */
@Path("/v2/ais/jobs")
@RolesAllowed("ais")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  private final JobService service;
  private final JobRepository jobs;
  private final ReadAccess access;
  private final SecurityIdentity identity;

  public JobResource(
      JobService service, JobRepository jobs, ReadAccess access, SecurityIdentity identity) {
    this.service = service;
    this.jobs = jobs;
    this.access = access;
    this.identity = identity;
  }

  /** 201 with a new queued job; 200 with the consent's job already queued or running. */
  @POST
  @Path("/create")
  public Uni<Response> create(
      @Valid @NotNull CreateJob body, @HeaderParam(ReadAccess.DEVICE_HEADER) String deviceId) {
    return access
        .consent(token().clientId(), body.consentId(), deviceId)
        .chain(c -> service.request(c, body.psuIpAddress()))
        .map(r -> Response.status(r.created() ? 201 : 200).entity(view(r.job())).build())
        .onFailure(FrequencyExceeded.class)
        .recoverWithItem(e -> tooMany((FrequencyExceeded) e));
  }

  private static Response tooMany(FrequencyExceeded e) {
    long seconds = Math.max(1, e.retryAfter().toSeconds());
    Problem p =
        ProblemType.custom(
                429,
                "frequency_exceeded",
                "The consent's reads a day are used up",
                "the consent allows "
                    + e.limit()
                    + " unattended reads a day at the bank (frequency_per_day) and today's are"
                    + " used; the stored data stays readable",
                "consent_id")
            .problem();
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", seconds)
        .entity(p)
        .build();
  }

  @POST
  @Path("/get")
  public Uni<Job> get(
      @Valid @NotNull JobRef ref, @HeaderParam(ReadAccess.DEVICE_HEADER) String deviceId) {
    String clientId = token().clientId();
    return jobs.find(clientId, ref.jobId())
        .chain(
            j -> {
              if (j == null) {
                throw ProblemType.NOT_FOUND.exception("no job " + ref.jobId(), "job_id");
              }
              return access.consent(clientId, j.consentId(), deviceId).replaceWith(j);
            })
        .map(JobResource::view);
  }

  static Job view(JobRow j) {
    return new Job(
        j.id(),
        j.consentId(),
        j.status(),
        j.trigger(),
        j.fullHistory(),
        j.psuIpAddress() != null,
        j.errorCode(),
        j.error(),
        j.accounts(),
        j.balances(),
        j.transactions(),
        j.insertedAt(),
        j.startedAt(),
        j.finishedAt(),
        j.updatedAt());
  }

  private AccessToken token() {
    return ResourceServerAuthMechanism.token(identity);
  }
}
