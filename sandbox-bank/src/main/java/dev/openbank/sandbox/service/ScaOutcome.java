package dev.openbank.sandbox.service;

/** What an SCA page submission leads to. */
public sealed interface ScaOutcome {

  /** Done (approved or not): send the PSU back to the TPP. */
  record Redirect(String url) implements ScaOutcome {}

  /** The PSU must try again (wrong credentials, an account that is not theirs). */
  record Retry(String error) implements ScaOutcome {}

  /** Nothing left to authorise (already completed, rejected or timed out). */
  record Closed(String message) implements ScaOutcome {}
}
