package dev.openbank.commons.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The contract of the status events API clients hear about (consents, data jobs, payment links):
 * topics, types and the event fields. The webhook-dispatcher consumes these topics, stores every
 * event for the event feed and delivers it, signed, to the object's {@code webhook_url}.
 *
 * <p>An event is what the producing service appends to its outbox with {@link #data}: the webhook
 * fields of seed 004 (e.g. {@code link_id}, {@code web_id}, {@code status}) plus two routing
 * fields, {@code client_id} (the tenant; never sent in the webhook) and {@code webhook_url}
 * (optional; never sent either). The outbox adds {@code event_id}, {@code type} and {@code
 * occurred_at}, which are part of the webhook body.
 */
public final class StatusEvents {

  /** AIS consent status changes, type {@value #CONSENT_STATUS_UPDATE}. */
  public static final String CONSENT_TOPIC = "consent-status";

  /** AIS data job status changes, type {@value #JOB_STATUS_UPDATE}. */
  public static final String JOB_TOPIC = "ais-job-status";

  /** Payment link status changes, type {@value #LINK_STATUS_UPDATE}. */
  public static final String LINK_TOPIC = "pis-link-status";

  public static final String CONSENT_STATUS_UPDATE = "consent_status_update";
  public static final String JOB_STATUS_UPDATE = "job_status_update";
  public static final String LINK_STATUS_UPDATE = "link_status_update";

  /** The routing field naming the tenant. */
  public static final String CLIENT_ID = "client_id";

  /** The routing field naming where to deliver; absent when the object has no webhook. */
  public static final String WEBHOOK_URL = "webhook_url";

  /** Fields that route an event and are never part of the webhook body. */
  public static final Set<String> ROUTING_FIELDS = Set.of(CLIENT_ID, WEBHOOK_URL);

  private StatusEvents() {}

  /**
   * The outbox data of a status event: the routing fields, then the webhook fields in order.
   *
   * @param webhookUrl null when the object has none (the event still reaches the event feed)
   */
  public static Map<String, Object> data(
      String clientId, String webhookUrl, Map<String, ?> webhookFields) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(CLIENT_ID, clientId);
    if (webhookUrl != null) {
      data.put(WEBHOOK_URL, webhookUrl);
    }
    webhookFields.forEach(
        (k, v) -> {
          if (ROUTING_FIELDS.contains(k)) {
            throw new IllegalArgumentException(k + " is a routing field, not a webhook field");
          }
          data.put(k, v);
        });
    return data;
  }
}
