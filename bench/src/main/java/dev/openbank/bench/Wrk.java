package dev.openbank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (a C load generator: little CPU taken from the server) and reads its summary. */
final class Wrk {

  /** One run's figures. */
  record Result(
      double requestsPerSecond,
      double p50Millis,
      double p99Millis,
      long non2xx,
      long socketErrors) {}

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PCT =
      Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk() {}

  static Result run(
      String baseUrl, String script, int connections, int seconds, String... scriptArgs)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t",
                "2",
                "-c",
                String.valueOf(connections),
                "-d",
                seconds + "s",
                "--latency",
                "-s",
                script,
                baseUrl,
                "--"));
    cmd.addAll(List.of(scriptArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output:\n" + out);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher m = PCT.matcher(out);
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      double ms =
          switch (m.group(3)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
          };
      if (m.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher n = NON2XX.matcher(out);
    long non2xx = n.find() ? Long.parseLong(n.group(1)) : 0;
    Matcher s = SOCKET.matcher(out);
    long socket = 0;
    if (s.find()) {
      for (int i = 1; i <= 4; i++) {
        socket += Long.parseLong(s.group(i));
      }
    }
    return new Result(Double.parseDouble(rps.group(1)), p50, p99, non2xx, socket);
  }
}
