package dev.openbank.sandbox.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.sandbox.repository.PaymentRow;
import dev.openbank.xs2a.model.Payments.PaymentNotification;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Tells the TPP of a payment's new transactionStatus at its {@code TPP-Notification-URI}, like a
 * bank's status notification: a JSON POST, three attempts (waits of 1 s and 2 s), best effort (the
 * TPP can always read the status).
 */
@ApplicationScoped
public class Notifier {

  private static final Logger LOG = Logger.getLogger(Notifier.class);
  private static final int ATTEMPTS = 3;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper mapper;

  public Notifier(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public void paymentChanged(PaymentRow p) {
    if (p == null || p.notificationUri() == null) {
      return;
    }
    String body;
    try {
      body = mapper.writeValueAsString(new PaymentNotification(p.id(), p.status()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    try {
      send(URI.create(p.notificationUri()), body, 1);
    } catch (IllegalArgumentException e) {
      LOG.warnf("unusable notification URI for payment %s", p.id());
    }
  }

  private void send(URI uri, String body, int attempt) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
    } catch (IllegalArgumentException e) {
      LOG.warnf("unusable notification URI for a payment: %s", e.getMessage());
      return; // a notification never fails the status change it reports
    }
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (r, e) -> {
              boolean ok = e == null && r.statusCode() / 100 == 2;
              if (!ok && attempt < ATTEMPTS) {
                CompletableFuture.delayedExecutor(attempt, TimeUnit.SECONDS)
                    .execute(() -> send(uri, body, attempt + 1));
              } else if (!ok) {
                LOG.warnf("notification to %s failed after %d attempts", uri.getHost(), ATTEMPTS);
              }
              return null;
            });
  }
}
