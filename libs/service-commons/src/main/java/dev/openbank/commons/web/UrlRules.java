package dev.openbank.commons.web;

/** Validation patterns of the URLs API clients give the platform (for bean validation). */
public final class UrlRules {

  private UrlRules() {}

  /** A web URL the platform calls or sends a browser to: http or https. */
  public static final String HTTP_URL = "https?://\\S{1,2000}";

  /**
   * Where an end user goes after a page or a bank: a web URL or an app's own scheme ({@code
   * myshop://paid}, app-to-app flows); never a scheme a browser would run or read locally.
   */
  public static final String REDIRECT_URL =
      "(?!(?i:javascript|data|vbscript|file|blob|about):)[A-Za-z][A-Za-z0-9+.-]{0,31}://\\S{1,2000}";

  /** The message of a failed {@link #REDIRECT_URL}. */
  public static final String REDIRECT_URL_MESSAGE = "must be an http(s) URL or an app's URL scheme";

  /** An end user's IP address as a bank's PSU-IP-Address: IPv4 dotted quad, or IPv6 text. */
  public static final String IP_ADDRESS =
      "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)"
          + "|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}";

  /** A configured base URL without its trailing slash, so paths can be appended with one. */
  public static String base(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
