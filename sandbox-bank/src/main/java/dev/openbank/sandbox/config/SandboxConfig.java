package dev.openbank.sandbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** sandbox-bank settings, prefix {@code openbank.sandbox}. */
@ConfigMapping(prefix = "openbank.sandbox")
public interface SandboxConfig {

  /** A seed file (YAML) to use instead of the built-in {@code sandbox/seed.yaml}. */
  Optional<String> seedFile();

  /** The bank's public URL, for the SCA links it hands out. */
  @WithDefault("http://localhost:8087")
  String publicUrl();

  /** Days of generated history per account. */
  @WithDefault("730")
  int historyDays();

  /** Transactions older than this many days are readable only in a consent's first minutes. */
  @WithDefault("90")
  int historyLimitDays();

  /** How long after SCA the full history stays readable (seed 003: five minutes). */
  @WithDefault("5m")
  Duration fullHistoryWindow();

  /** A consent or payment not authorised within this time is rejected. */
  @WithDefault("15m")
  Duration scaTimeout();

  /** Time from ACTC to ACSC (settlement on the debtor's account). */
  @WithDefault("2s")
  Duration settleAfter();

  /** At banks with funds notifications, time from ACSC to ACCC or RJCT. */
  @WithDefault("2s")
  Duration fundsAfter();

  /** Transactions per page when the request gives no itemsPerPage. */
  @WithDefault("200")
  int pageSize();
}
