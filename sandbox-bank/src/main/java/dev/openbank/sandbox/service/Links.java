package dev.openbank.sandbox.service;

import dev.openbank.sandbox.config.SandboxConfig;
import dev.openbank.xs2a.model.Common.Href;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code _links} the bank hands out: API links relative, SCA pages absolute. */
@ApplicationScoped
public class Links {

  private final SandboxConfig config;

  public Links(SandboxConfig config) {
    this.config = config;
  }

  /** The absolute URL of an SCA page, e.g. {@code /rzb_ro/sca/consents/c-...}. */
  public String scaPage(String aspsp, String kind, String id) {
    return config.publicUrl() + "/" + aspsp + "/sca/" + kind + "/" + id;
  }

  /** Builds a {@code _links} map from name/href pairs. */
  public static Map<String, Href> of(String... nameHref) {
    Map<String, Href> links = new LinkedHashMap<>();
    for (int i = 0; i < nameHref.length; i += 2) {
      links.put(nameHref[i], new Href(nameHref[i + 1]));
    }
    return links;
  }
}
