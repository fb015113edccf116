package dev.openbank.sandbox.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.openbank.sandbox.config.SandboxConfig;
import dev.openbank.sandbox.domain.AccountRef;
import dev.openbank.sandbox.domain.History;
import dev.openbank.sandbox.domain.Seed;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.iban4j.IbanUtil;

/**
 * The banks, PSUs and accounts of the seed file, read once at start (an invalid IBAN stops the
 * start), and each account's generated history, cached per day.
 */
@ApplicationScoped
@Startup
public class SandboxBank {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final SandboxConfig config;
  private final Map<String, Seed.Aspsp> aspsps = new HashMap<>();
  private final Map<String, AccountRef> byResourceId = new HashMap<>();
  private final Map<String, AccountRef> byIban = new HashMap<>();
  private final Map<String, History> histories = new ConcurrentHashMap<>();

  public SandboxBank(SandboxConfig config) {
    this.config = config;
    Seed seed = read(config);
    for (Seed.Aspsp a : seed.aspsps()) {
      aspsps.put(a.code(), a);
      for (Seed.Psu p : a.psus()) {
        for (Seed.Account acc : p.accounts()) {
          IbanUtil.validate(acc.iban());
          String id =
              UUID.nameUUIDFromBytes(
                      ("account|" + a.code() + "|" + acc.iban()).getBytes(StandardCharsets.UTF_8))
                  .toString();
          AccountRef ref = new AccountRef(id, a, p, acc);
          byResourceId.put(id, ref);
          byIban.put(acc.iban(), ref);
        }
      }
    }
  }

  /** Every bank of the seed. */
  public java.util.Collection<Seed.Aspsp> aspsps() {
    return aspsps.values();
  }

  /** The bank with this code, or a NextGenPSD2 404 when the sandbox has none. */
  public Seed.Aspsp require(String code) {
    return aspsp(code)
        .orElseThrow(
            () ->
                dev.openbank.sandbox.rest.BgError.resourceUnknown(
                    404, "no bank " + code + " in this sandbox"));
  }

  public Optional<Seed.Aspsp> aspsp(String code) {
    return Optional.ofNullable(aspsps.get(code));
  }

  public Optional<Seed.Psu> psu(String aspsp, String psuId) {
    return aspsp(aspsp)
        .flatMap(a -> a.psus().stream().filter(p -> p.psuId().equals(psuId)).findFirst());
  }

  /** The account with this resource id at this bank. */
  public Optional<AccountRef> account(String aspsp, String resourceId) {
    AccountRef ref = byResourceId.get(resourceId);
    return ref != null && ref.aspsp().code().equals(aspsp) ? Optional.of(ref) : Optional.empty();
  }

  /** The account with this IBAN at this bank. */
  public Optional<AccountRef> accountByIban(String aspsp, String iban) {
    AccountRef ref = iban == null ? null : byIban.get(iban);
    return ref != null && ref.aspsp().code().equals(aspsp) ? Optional.of(ref) : Optional.empty();
  }

  /** Every account of one PSU. */
  public List<AccountRef> accountsOf(String aspsp, String psuId) {
    return byResourceId.values().stream()
        .filter(r -> r.aspsp().code().equals(aspsp) && r.psu().psuId().equals(psuId))
        .sorted(java.util.Comparator.comparing(r -> r.account().iban()))
        .toList();
  }

  /** The account's history up to today (UTC). */
  public History history(AccountRef ref) {
    LocalDate today = today();
    String suffix = "|" + today;
    if (histories.size() > byIban.size()) {
      histories.keySet().removeIf(k -> !k.endsWith(suffix)); // yesterday's histories
    }
    return histories.compute(
        ref.account().iban() + "|" + today,
        (k, h) -> h != null ? h : History.of(ref.account(), today, config.historyDays()));
  }

  public static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private static Seed read(SandboxConfig config) {
    try {
      if (config.seedFile().isPresent()) {
        return YAML.readValue(Files.readString(Path.of(config.seedFile().get())), Seed.class);
      }
      try (InputStream in =
          Thread.currentThread().getContextClassLoader().getResourceAsStream("sandbox/seed.yaml")) {
        return YAML.readValue(in, Seed.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sandbox seed file", e);
    }
  }
}
