package dev.openbank.pis.config;

import dev.openbank.commons.web.UrlRules;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The public URLs of links, built from {@code openbank.pis.public-url} (a trailing slash there is
 * ignored): the link URL the API returns and the QR code encodes, and the return and notification
 * URLs given to banks.
 */
@ApplicationScoped
public class PublicUrls {

  private final String base;

  public PublicUrls(PisConfig config) {
    String url = config.publicUrl();
    this.base = UrlRules.base(url);
  }

  /** {@code {public-url}/pay/{web_id}}: the pay page. */
  public String link(String webId) {
    return base + "/pay/" + webId;
  }
}
