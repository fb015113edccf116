package dev.openbank.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The local platform's secrets (master keys, admin key, database passwords): random on the first
 * start, kept in {@code .local-data/secrets.properties} (mode 600) so later starts can read the
 * data they encrypted. Production takes them from Kubernetes Secrets instead.
 */
final class LocalSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Properties values;

  private LocalSecrets(Properties values) {
    this.values = values;
  }

  static LocalSecrets loadOrCreate(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    boolean changed = false;
    changed |= putIfAbsent(p, "auth.master-key", random(32));
    changed |= putIfAbsent(p, "auth.secret-hash-key", random(32));
    changed |= putIfAbsent(p, "auth.cursor-secret", random(32));
    changed |=
        putIfAbsent(
            p,
            "auth.admin-key",
            "adm_" + random(24).replace('+', 'x').replace('/', 'y').replace("=", ""));
    changed |= putIfAbsent(p, "registry.cursor-secret", random(32));
    changed |= putIfAbsent(p, "webhooks.master-key", random(32));
    changed |= putIfAbsent(p, "webhooks.cursor-secret", random(32));
    changed |= putIfAbsent(p, "pis.cursor-secret", random(32));
    changed |= putIfAbsent(p, "ais.cursor-secret", random(32));
    for (String db :
        new String[] {"auth", "registry", "sandbox", "webhooks", "pis", "consent", "ais"}) {
      changed |=
          putIfAbsent(p, "db." + db + ".password", random(18).replace('+', 'x').replace('/', 'y'));
    }
    if (changed) {
      Files.createDirectories(file.getParent());
      try (Writer w = Files.newBufferedWriter(file)) {
        p.store(w, "Local platform secrets. Not for production.");
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    return new LocalSecrets(p);
  }

  String get(String key) {
    return values.getProperty(key);
  }

  private static boolean putIfAbsent(Properties p, String key, String value) {
    if (p.getProperty(key) != null) {
      return false;
    }
    p.setProperty(key, value);
    return true;
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
