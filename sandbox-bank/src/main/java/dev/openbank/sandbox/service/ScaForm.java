package dev.openbank.sandbox.service;

/**
 * What the PSU typed on an SCA page.
 *
 * @param debtorIban the account to pay from, when the payment did not name one
 * @param decision {@code approve} or {@code reject}
 */
public record ScaForm(
    String psuId, String password, String pin, String debtorIban, String decision) {

  public boolean approve() {
    return "approve".equals(decision);
  }
}
