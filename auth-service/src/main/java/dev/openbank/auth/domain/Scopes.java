package dev.openbank.auth.domain;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The platform's OAuth scopes and the rules for requesting them. */
public final class Scopes {

  /** Every scope a client may be allowed. */
  public static final Set<String> ALL =
      Set.of("providers", "ais", "pay_by_link", "webhooks", "admin", "internal");

  // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), space separated
  private static final Pattern SYNTAX =
      Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*");

  private Scopes() {}

  /**
   * The scopes to grant: all of the client's when none are requested, else exactly those requested.
   *
   * @return null when the request is malformed or asks for a scope the client does not have
   */
  public static Set<String> grant(String requested, Set<String> allowed) {
    if (requested == null || requested.isEmpty()) {
      return Set.copyOf(allowed);
    }
    if (!SYNTAX.matcher(requested).matches()) {
      return null;
    }
    Set<String> asked = new LinkedHashSet<>(Arrays.asList(requested.split(" ")));
    return allowed.containsAll(asked) ? asked : null;
  }

  /** Space-separated, in a stable order. */
  public static String format(Set<String> scopes) {
    return String.join(" ", scopes.stream().sorted().toList());
  }
}
