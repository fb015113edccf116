package dev.openbank.local;

/** The copy-paste walk-through printed once the platform is up. */
final class Walkthrough {

  private Walkthrough() {}

  static String text(Platform platform) {
    Platform.Ports ports = platform.ports();
    return """

        ============================================================
         Open banking platform: running locally
        ============================================================
         auth-service        http://localhost:%3$d   (OpenAPI: /q/openapi)
         provider-registry   http://localhost:%4$d
         consent-service     http://localhost:%9$d   (AIS consents)
         pis-service         http://localhost:%8$d   (payment links)
         webhook-dispatcher  http://localhost:%7$d   (JWKS: /.well-known/jwks.json)
         sandbox-bank        http://localhost:%5$d   (test identities: docs/sandbox-bank.md)
         webhook receiver    http://localhost:%11$d/hooks   (verified webhooks print here)

         demo client    client_id     = %1$s
                        client_secret = %2$s
         admin key      %6$s   (header X-Admin-Key, auth-service)

         1. Get a token (client_secret_basic):

           TOKEN=$(curl -s -u '%1$s:%2$s' \\
             -d grant_type=client_credentials -d scope=providers \\
             http://localhost:%3$d/oauth2/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')

         2. List the banks, with their AIS methods:

           curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
             -d '{"options":{"show_ais_methods":true}}' \\
             http://localhost:%4$d/v2/providers/list

         3. One bank:

           curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
             -d '{"code":"libra_ro"}' http://localhost:%4$d/v2/providers/get

         4. The webhook signing keys, and your event feed (token with scope webhooks):

           curl -s http://localhost:%7$d/.well-known/jwks.json
           WTOKEN=$(curl -s -u '%1$s:%2$s' \\
             -d grant_type=client_credentials -d scope=webhooks \\
             http://localhost:%3$d/oauth2/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
           curl -s -H "Authorization: Bearer $WTOKEN" -H 'Content-Type: application/json' \\
             -d '{}' http://localhost:%7$d/v2/events/list

         5. A payment link (token with scope pay_by_link), with its QR code URLs:

           PTOKEN=$(curl -s -u '%1$s:%2$s' \\
             -d grant_type=client_credentials -d scope=pay_by_link \\
             http://localhost:%3$d/oauth2/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
           curl -s -H "Authorization: Bearer $PTOKEN" -H 'Content-Type: application/json' \\
             -H "Idempotency-Key: order-$(date +%%s)" \\
             -d '{"amount":"125.50","currency":"RON","description":"Order 1234",
                  "creditor":{"name":"Magazinul Demo SRL","iban":"RO10RZBR0000069999999970"},
                  "webhook_url":"http://localhost:%11$d/hooks"}' \\
             http://localhost:%8$d/v2/links/create

         6. Pay it as the debtor: open the "url" of the answer in a browser, choose
            Libra Internet Bank, and at the bank log in as testlibra / testlibra and
            approve. The link goes created, started, sca_pending, pending, completed,
            funds_received; each step arrives as a signed webhook that this console
            prints once its signature is verified (list: curl http://localhost:%11$d/hooks),
            and is in /v2/links/get and the event feed (step 4).

         7. An AIS consent (token with scope ais); open its "url" in a browser, choose
            Raiffeisen Bank and log in at the bank as 9999999998, approve:

           ATOKEN=$(curl -s -u '%1$s:%2$s' \\
             -d grant_type=client_credentials -d scope=ais \\
             http://localhost:%3$d/oauth2/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
           curl -s -H "Authorization: Bearer $ATOKEN" -H 'Content-Type: application/json' \\
             -d '{"scope":["accounts","balances","transactions"],"redirect_url":"https://example.com/back",
                  "webhook_url":"http://localhost:%11$d/hooks"}' \\
             http://localhost:%9$d/v2/ais/consents/create

         8. Once the consent is "active" (its first data job read the bank), read the data
            with its consent_id (put it in CONSENT_ID):

           curl -s -H "Authorization: Bearer $ATOKEN" -H 'Content-Type: application/json' \\
             -d "{\\\"consent_id\\\":\\\"$CONSENT_ID\\\"}" http://localhost:%10$d/v2/ais/accounts/list
           curl -s -H "Authorization: Bearer $ATOKEN" -H 'Content-Type: application/json' \\
             -d "{\\\"consent_id\\\":\\\"$CONSENT_ID\\\",\\\"filter\\\":{\\\"credit_debit_indicator\\\":\\\"CRDT\\\"},\\\"pagination\\\":{\\\"limit\\\":5}}" \\
             http://localhost:%10$d/v2/ais/transactions/list

         More: docs/auth-guide.md, docs/providers.md, docs/sandbox-bank.md, docs/webhooks.md,
         docs/payments.md, docs/consents.md, docs/ais.md.
        ============================================================
        """
        .formatted(
            platform.demoClient().clientId(),
            platform.demoClient().clientSecret(),
            ports.auth(),
            ports.registry(),
            ports.sandbox(),
            platform.adminKey(),
            ports.webhooks(),
            ports.pis(),
            ports.consent(),
            ports.ais(),
            ports.receiver());
  }
}
