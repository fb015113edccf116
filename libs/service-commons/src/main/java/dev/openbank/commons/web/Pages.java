package dev.openbank.commons.web;

import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the end-user pages (pay and consent pages) share: their response headers and redirects. */
public final class Pages {

  private Pages() {}

  /**
   * Content-Security-Policy of the pages: only the service's own styles and script; forms may lead
   * to a bank's SCA page (the redirect after a start form).
   */
  public static final String CSP =
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self' https: http:; frame-ancestors 'none';"
          + " base-uri 'none'";

  /** An HTML page with the pages' security headers, never cached. */
  public static Response html(String html, int status) {
    return Response.status(status)
        .type("text/html; charset=UTF-8")
        .entity(html)
        .header("Content-Security-Policy", CSP)
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-store")
        .build();
  }

  /**
   * The client's redirect URL with these query parameters added (before any fragment), or null
   * without a URL.
   *
   * @param params names and values, alternating
   */
  public static String redirect(String url, String... params) {
    if (url == null) {
      return null;
    }
    int hash = url.indexOf('#');
    String fragment = hash < 0 ? "" : url.substring(hash);
    StringBuilder out = new StringBuilder(hash < 0 ? url : url.substring(0, hash));
    char sep = out.indexOf("?") < 0 ? '?' : '&';
    for (int i = 0; i + 1 < params.length; i += 2) {
      out.append(sep)
          .append(URLEncoder.encode(params[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
      sep = '&';
    }
    return out.append(fragment).toString();
  }
}
