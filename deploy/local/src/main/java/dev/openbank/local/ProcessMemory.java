package dev.openbank.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Memory of processes as Linux reports it in {@code /proc} (0 where it cannot be read). */
final class ProcessMemory {

  private ProcessMemory() {}

  /** Resident set size (VmRSS) in KiB. */
  static long rssKb(long pid) {
    return field(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
  }

  /** Proportional set size in KiB: shared pages divided among the processes that map them. */
  static long pssKb(long pid) {
    return field(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:");
  }

  /**
   * PSS of the PostgreSQL server whose data directory is {@code dataDirectory}: its postmaster
   * (found by the {@code -D} argument on its command line) and all its backends.
   */
  static long pssOfTreeKb(Path dataDirectory) {
    String needle = dataDirectory.toAbsolutePath().normalize().toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> commandLine(p).contains(needle))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
          .flatMap(
              pid ->
                  Stream.concat(
                          Stream.of(pid),
                          ProcessHandle.of(pid).stream()
                              .flatMap(ProcessHandle::descendants)
                              .map(ProcessHandle::pid))
                      .mapToLong(Long::longValue))
          .distinct()
          .map(ProcessMemory::pssKb)
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static long field(Path file, String name) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .filter(l -> l.startsWith(name))
          .findFirst()
          .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]))
          .orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
