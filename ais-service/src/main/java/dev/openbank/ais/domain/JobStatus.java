package dev.openbank.ais.domain;

import java.util.Locale;

/** A data job's status (seed 004): {@code queued → running → completed | failed}. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFinal() {
    return this == COMPLETED || this == FAILED;
  }
}
