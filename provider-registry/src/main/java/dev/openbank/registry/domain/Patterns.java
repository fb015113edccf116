package dev.openbank.registry.domain;

/** The value rules shared by provider files and requests. */
public final class Patterns {

  public static final String CODE = "[a-z][a-z0-9_]{1,31}";
  public static final String CODE_MESSAGE =
      "must be 2-32 lower-case letters, digits or underscores, starting with a letter";
  public static final String ID = "[a-z][a-z0-9_]{1,63}";
  public static final String ID_MESSAGE =
      "must be 2-64 lower-case letters, digits or underscores, starting with a letter";
  public static final String STATUS = "enabled|disabled|maintenance";
  public static final String STATUS_MESSAGE = "must be enabled, disabled or maintenance";
  public static final String ENVIRONMENT = "sandbox|production";
  public static final String ENVIRONMENT_MESSAGE = "must be sandbox or production";
  public static final String INTERFACE_TYPE = "berlin_group|ropay|custom";
  public static final String INTERFACE_TYPE_MESSAGE = "must be berlin_group, ropay or custom";
  public static final String INTERFACE_ENV = "sandbox|stage|prod";
  public static final String INTERFACE_ENV_MESSAGE = "must be sandbox, stage or prod";
  public static final String FLOW_TYPE = "link|wrapped_sca|direct_sca|redirect_sca";
  public static final String FLOW_TYPE_MESSAGE =
      "must be link, wrapped_sca, direct_sca or redirect_sca";

  private Patterns() {}
}
