package dev.openbank.webhooks.service;

import dev.openbank.webhooks.config.WebhookConfig;
import dev.openbank.webhooks.domain.AddressPolicy;
import dev.openbank.webhooks.domain.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Sends one signed webhook: checks the URL (https in production), resolves its host and refuses
 * private, loopback, link-local and metadata addresses unless allow-listed (SSRF), then POSTs to
 * the address it checked (so a second DNS answer cannot redirect it), with the Host and TLS name of
 * the URL.
 */
@ApplicationScoped
public class WebhookSender {

  /** What a delivery attempt needs besides the body. */
  public record Headers(String signature, String kid, String webhookId, long timestamp) {}

  private final WebhookConfig config;
  private final Vertx vertx;
  private final AddressPolicy policy;
  private final HttpClient http;

  public WebhookSender(WebhookConfig config, Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
    this.policy = new AddressPolicy(config.allowedNetworks().orElse(List.of()));
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(config.requestTimeout().toMillis(), 5_000))
                .setMaxPoolSize(64)
                .setKeepAlive(true)
                .setVerifyHost(true));
  }

  /** A refusal that no retry can fix: the URL or its address is not allowed. */
  public static final class NotAllowed extends RuntimeException {
    NotAllowed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One attempt.
   *
   * @return the classified answer; fails with {@link NotAllowed} for a forbidden target and with
   *     the network error otherwise
   */
  public Uni<Outcome> send(String url, String body, Headers headers) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().failure(new NotAllowed("not a URL"));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("https") && !(scheme.equals("http") && !config.requireHttps())) {
      return Uni.createFrom().failure(new NotAllowed("webhook URLs must be https"));
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      return Uni.createFrom().failure(new NotAllowed("the URL has no host, or has credentials"));
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    return resolve(uri.getHost())
        .chain(
            address -> {
              String path =
                  (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                      + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
              RequestOptions options =
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setHost(uri.getHost())
                      .setPort(port)
                      .setSsl(tls)
                      .setURI(path)
                      .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                      .setTimeout(config.requestTimeout().toMillis())
                      .putHeader("content-type", "application/json")
                      .putHeader("user-agent", "openbank-webhooks/1")
                      .putHeader("x-signature", headers.signature())
                      .putHeader("x-signature-kid", headers.kid())
                      .putHeader("x-webhook-id", headers.webhookId())
                      .putHeader("x-webhook-timestamp", String.valueOf(headers.timestamp()));
              // the body is read in send's own callback, where no part of it can have gone by
              // unread (vert.x PR 4705)
              return http.request(options)
                  .chain(
                      request ->
                          request
                              .send(Buffer.buffer(body))
                              .chain(
                                  response ->
                                      response
                                          .body()
                                          .map(
                                              ignored ->
                                                  Outcome.ofStatus(
                                                      response.statusCode(),
                                                      response.getHeader("Retry-After")))));
            })
        .ifNoItem()
        .after(config.requestTimeout())
        .failWith(
            () ->
                new java.util.concurrent.TimeoutException(
                    "no answer in " + config.requestTimeout()));
  }

  /** The host's first address, after checking every address it resolves to. */
  private Uni<InetAddress> resolve(String host) {
    return vertx.executeBlocking(
        () -> {
          InetAddress[] all;
          try {
            all = InetAddress.getAllByName(host);
          } catch (UnknownHostException e) {
            throw new java.io.IOException("unknown host " + host);
          }
          for (InetAddress a : all) {
            String refusal = policy.refusal(a);
            if (refusal != null) {
              throw new NotAllowed(
                  "the host resolves to a " + refusal + " (" + a.getHostAddress() + ")");
            }
          }
          return all[0];
        },
        false);
  }
}
