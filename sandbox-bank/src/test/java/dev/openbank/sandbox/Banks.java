package dev.openbank.sandbox;

import dev.openbank.xs2a.client.Xs2aClient.Redirects;

/** The sandbox's banks as the platform reaches them in tests. */
final class Banks {

  static final String BASE = "http://localhost:8187";
  static final String RZB = BASE + "/rzb_ro";

  /**
   * The same bank under another base URL, so another circuit breaker: tests of fault switches use
   * it, since the faults they provoke rightly open the breaker of the bank they hit.
   */
  static final String RZB_FAULTS = "http://127.0.0.1:8187/rzb_ro";

  static final String RZB_SLOW = "http://127.0.0.2:8187/rzb_ro";

  static final String BT = BASE + "/bt_ro";
  static final String CEC = BASE + "/cec_ro";
  static final String LIBRA = BASE + "/libra_ro";
  static final String PSU_IP = "192.0.2.10";
  static final Redirects REDIRECTS =
      new Redirects("https://tpp.example/done", "https://tpp.example/failed", null);

  private Banks() {}
}
