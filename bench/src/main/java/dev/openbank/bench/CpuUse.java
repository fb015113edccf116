package dev.openbank.bench;

import dev.openbank.testsupport.MachineLoad;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the machine's cores went during a phase of a benchmark: the CPU time of named process
 * groups (from {@link ProcessHandle.Info#totalCpuDuration}) and of the whole machine (from {@code
 * /proc/stat}), printed as cores used on average. Everything shares one machine in these
 * benchmarks, so this says which part the next optimisation should look at.
 */
final class CpuUse {

  private final Map<String, Predicate<ProcessHandle>> groups = new LinkedHashMap<>();
  private Map<String, Long> startNanos;
  private long machineStartTicks;
  private long wallStart;

  /** Adds a group: the processes that {@code member} accepts (alive at start and at end). */
  CpuUse group(String name, Predicate<ProcessHandle> member) {
    groups.put(name, member);
    return this;
  }

  /** Processes whose command line names {@code executable} (e.g. every PostgreSQL process). */
  static Predicate<ProcessHandle> command(String executable) {
    return p -> p.info().command().map(c -> c.endsWith("/" + executable)).orElse(false);
  }

  /** Processes whose command line contains {@code fragment} (e.g. a service's jar path). */
  static Predicate<ProcessHandle> commandLine(String fragment) {
    return p -> p.info().commandLine().map(c -> c.contains(fragment)).orElse(false);
  }

  /** One process. */
  static Predicate<ProcessHandle> pid(long pid) {
    return p -> p.pid() == pid;
  }

  /**
   * Starts the phase; with {@code -Dbench.jfr=DIR} also a 15 s JFR recording of each of {@code
   * pids} ({@code DIR/<phase>-<pid>.jfr}, through {@code jcmd}), to see where a group's share goes.
   */
  void start(String phase, long... pids) {
    String dir = System.getProperty("bench.jfr");
    if (dir != null) {
      for (long pid : pids) {
        String file = Path.of(dir, phase.replace(' ', '-') + "-" + pid + ".jfr").toString();
        try {
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(pid),
                  "JFR.start",
                  "duration=15s",
                  "filename=" + file)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor();
        } catch (IOException e) {
          System.out.println("    (no JFR recording: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    start();
  }

  private void start() {
    startNanos = snapshot();
    machineStartTicks = MachineLoad.busyTicks();
    wallStart = System.nanoTime();
  }

  /** Prints cores used per group and by the whole machine since {@link #start}. */
  void print(String phase) {
    print(phase, new LinkedHashMap<>());
  }

  /**
   * Prints as {@link #print(String)} does and puts each group's cores into {@code cores}, for a
   * figure per request.
   */
  void print(String phase, Map<String, Double> cores) {
    Map<String, Long> end = snapshot();
    double wall = (System.nanoTime() - wallStart) / 1e9;
    StringBuilder line = new StringBuilder("    cores used during " + phase + ":");
    long named = 0;
    for (String g : groups.keySet()) {
      long used = end.get(g) - startNanos.get(g);
      named += used;
      cores.put(g, used / 1e9 / wall);
      line.append(String.format(" %s %.2f,", g, used / 1e9 / wall));
    }
    long busyTicks = MachineLoad.busyTicks() - machineStartTicks;
    if (busyTicks >= 0 && machineStartTicks >= 0) {
      double busy = busyTicks / MachineLoad.TICKS_PER_SECOND / wall;
      line.append(String.format(" rest %.2f, whole machine %.2f", busy - named / 1e9 / wall, busy));
      line.append(" of ").append(Runtime.getRuntime().availableProcessors());
    }
    System.out.println(line);
  }

  private Map<String, Long> snapshot() {
    Map<String, Long> used = new LinkedHashMap<>();
    groups.keySet().forEach(g -> used.put(g, 0L));
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              for (var g : groups.entrySet()) {
                if (g.getValue().test(p)) {
                  long cpu = p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
                  used.merge(g.getKey(), cpu, Long::sum);
                  return;
                }
              }
            });
    return used;
  }
}
