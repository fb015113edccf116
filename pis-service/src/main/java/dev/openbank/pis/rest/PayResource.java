package dev.openbank.pis.rest;

import dev.openbank.pis.config.PisConfig;
import dev.openbank.pis.domain.QrCodes;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * The public side of a link: its QR code ({@code /pay/{web_id}/qr.png} and {@code qr.svg}) for
 * emails, invoices and screens. The code only encodes the link's public URL, which the web id
 * already makes unguessable. (The pay pages themselves come with the bank flow.)
 */
@Path("/pay/{webId}")
@PermitAll
public class PayResource {

  private static final Pattern WEB_ID = Pattern.compile("[0-9A-Za-z]{12}");

  private final PisConfig config;

  public PayResource(PisConfig config) {
    this.config = config;
  }

  @GET
  @Path("/qr.png")
  @Produces("image/png")
  @Blocking
  public Response png(@PathParam("webId") String webId) {
    check(webId);
    return Response.ok(QrCodes.png(url(webId)))
        .header("Cache-Control", "public, max-age=86400")
        .build();
  }

  @GET
  @Path("/qr.svg")
  @Produces("image/svg+xml")
  public Response svg(@PathParam("webId") String webId) {
    check(webId);
    return Response.ok(QrCodes.svg(url(webId)))
        .header("Cache-Control", "public, max-age=86400")
        .build();
  }

  private String url(String webId) {
    return config.publicUrl() + "/pay/" + webId;
  }

  private static void check(String webId) {
    if (!WEB_ID.matcher(webId).matches()) {
      throw new jakarta.ws.rs.NotFoundException();
    }
  }
}
