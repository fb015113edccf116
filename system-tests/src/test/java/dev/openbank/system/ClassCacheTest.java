package dev.openbank.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.local.ClassCache;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local launcher's class caches (decision 0015): a packaged service (sandbox-bank, as a user
 * runs it) makes its cache in a training run on the JDK that runs the tests, and the next start,
 * told to refuse to start without the cache, is ready and loads the service's own classes and
 * Quarkus' from it. Also when a cache counts as stale. (That the aot-jar packaging is what lets a
 * JDK 25 AOT cache hold the application's classes is measured in docs/benchmarks.md, not here: on
 * JDK 17 a dynamic archive holds them with either packaging.)
 */
class ClassCacheTest {

  @Test
  void aServiceMakesItsCacheAndTheNextStartLoadsItsOwnClassesFromIt(@TempDir Path dir)
      throws Exception {
    Path cacheDir = Files.createDirectories(dir.resolve("cache"));
    ClassCache training = ClassCache.of(cacheDir);
    assertTrue(training.training());

    try (EmbeddedPostgres postgres =
        EmbeddedPostgresServer.start(dir.resolve("postgres"), PackagedService.freePort())) {
      ServiceDatabase db = EmbeddedPostgresServer.provision(postgres, "sandbox", "sandbox-pw");
      Path log = dir.resolve("sandbox-bank.log");

      Process first = startSandbox(db, log, training.jvmOptions());
      first.destroy(); // the JVM writes the cache as it exits
      int exit = first.waitFor();
      assertTrue(exit == 0 || exit == 143, "training run's exit: " + exit);
      assertTrue(Files.size(training.file()) > 10_000_000L, "a cache of over 10 MB was written");

      ClassCache cache = ClassCache.of(cacheDir);
      assertFalse(cache.training(), "a cache newer than the service is current");
      Path classLog = dir.resolve("classes.log");
      List<String> jvm = new ArrayList<>(cache.jvmOptions());
      jvm.addAll(cache.strictJvmOptions()); // the JVM exits if it cannot use the cache
      jvm.add("-Xlog:class+load=info:file=" + classLog);
      Process second = startSandbox(db, log, jvm);
      try {
        List<String> fromCache;
        try (Stream<String> lines = Files.lines(classLog)) {
          fromCache = lines.filter(l -> l.contains("source: shared objects file")).toList();
        }
        assertTrue(
            fromCache.stream().anyMatch(l -> l.contains(" dev.openbank.sandbox.")),
            "the service's own classes come from the cache");
        long quarkus = fromCache.stream().filter(l -> l.contains(" io.quarkus.")).count();
        assertTrue(quarkus > 500, "and Quarkus' classes too: " + quarkus);
      } finally {
        second.destroy();
        second.waitFor();
      }
    }
  }

  @Test
  void aCacheOlderThanAnyFileOfTheServiceIsStale(@TempDir Path app) throws Exception {
    Path jar = Files.createDirectories(app.resolve("lib/main")).resolve("some.jar");
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    ClassCache none = ClassCache.of(app);
    assertTrue(none.training(), "no cache yet");
    assertEquals(app, none.file().getParent());
    assertEquals(1, none.jvmOptions().size());
    assertTrue(none.jvmOptions().get(0).matches("-XX:(AOTCacheOutput|ArchiveClassesAtExit)=.*"));

    Files.writeString(none.file(), "cache");
    ClassCache current = ClassCache.of(app);
    assertFalse(current.training());
    assertTrue(current.jvmOptions().get(0).matches("-XX:(AOTCache|SharedArchiveFile)=.*"));

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // a rebuild
    assertTrue(ClassCache.of(app).training(), "rebuilt after the cache was made");
  }

  private static Process startSandbox(ServiceDatabase db, Path log, List<String> jvm)
      throws Exception {
    int port = PackagedService.freePort();
    Map<String, String> env = new HashMap<>(db.environment("SANDBOX"));
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("SANDBOX_PUBLIC_URL", "http://localhost:" + port);
    Process p = PackagedService.start(PackagedService.locateRunJar("sandbox-bank"), log, env, jvm);
    PackagedService.awaitReady(
        p, "sandbox-bank", "http://localhost:" + port + "/q/health/ready", Duration.ofSeconds(90));
    return p;
  }
}
