package dev.openbank.registry.rest;

import dev.openbank.registry.service.ProviderFiles;
import dev.openbank.registry.service.ProviderImportService;
import dev.openbank.registry.service.ProviderImportService.ImportResult;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /admin/providers/import}: upserts every provider of a YAML or JSON provider file, all
 * or nothing. Scope {@code admin}.
 */
@Path("/admin/providers")
@RolesAllowed("admin")
public class AdminProviderResource {

  private final ProviderFiles files;
  private final ProviderImportService importer;

  public AdminProviderResource(ProviderFiles files, ProviderImportService importer) {
    this.files = files;
    this.importer = importer;
  }

  @POST
  @Path("/import")
  @Consumes({
    MediaType.APPLICATION_JSON,
    "application/yaml",
    "application/x-yaml",
    "text/yaml",
    MediaType.TEXT_PLAIN
  })
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<ImportResult> importFile(String content) {
    return Uni.createFrom().item(() -> files.read(content)).chain(importer::importFile);
  }
}
