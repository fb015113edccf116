package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import dev.openbank.auth.repository.ClientRepository;
import dev.openbank.auth.repository.ClientRepository.ClientForToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A short-lived per-replica cache of what the token endpoint reads about a client id (the client
 * and its failure counter), so a burst of token requests does not query PostgreSQL each time.
 *
 * <p>This replica drops an entry the moment it changes the client or counts a failure. Another
 * replica's change is seen within the TTL (default 2 s): small next to the token lifetime, which
 * already lets an issued token outlive a disabled client.
 */
@ApplicationScoped
public class ClientCache {

  private static final int MAX_ENTRIES = 10_000;

  private record Entry(ClientForToken value, long expiresAtNanos) {}

  private final ClientRepository repository;
  private final long ttlNanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  public ClientCache(ClientRepository repository, AuthConfig config) {
    this.repository = repository;
    this.ttlNanos = config.clientCacheTtl().toNanos();
  }

  public Uni<ClientForToken> findForToken(String clientId) {
    Entry e = entries.get(clientId);
    long now = System.nanoTime();
    if (e != null && now - e.expiresAtNanos < 0) {
      return Uni.createFrom().item(e.value);
    }
    // a read that started before an invalidation must not put the old state back
    long generationAtRead = generation.get();
    return repository
        .findForToken(clientId)
        .invoke(
            v -> {
              if (ttlNanos > 0 && generation.get() == generationAtRead) {
                if (entries.size() >= MAX_ENTRIES) {
                  entries.clear();
                }
                entries.put(clientId, new Entry(v, System.nanoTime() + ttlNanos));
              }
            });
  }

  public void invalidate(String clientId) {
    generation.incrementAndGet();
    entries.remove(clientId);
  }
}
