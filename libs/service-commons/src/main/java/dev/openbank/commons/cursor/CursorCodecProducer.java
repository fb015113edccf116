package dev.openbank.commons.cursor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes a {@link CursorCodec} keyed by {@code openbank.cursor.secret} (base64, 32+ bytes). */
@ApplicationScoped
public class CursorCodecProducer {

  @Produces
  @ApplicationScoped
  CursorCodec cursorCodec(@ConfigProperty(name = "openbank.cursor.secret") String secret) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      key = secret.getBytes(StandardCharsets.UTF_8);
    }
    return new CursorCodec(key);
  }
}
