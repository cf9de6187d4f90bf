package org.openenos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds of a process's threads from /proc/&lt;pid&gt;/task (Linux), grouped by thread name without its
 * trailing number, so that a pool's threads ({@code mqtt-worker-3}) add up to one row.
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ThreadCpu() {
    }

    static Map<String, Double> of(List<Long> pids) {
        Map<String, Double> groups = new HashMap<>();
        for (long pid : pids) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                tasks.forEach(task -> add(task, groups));
            } catch (IOException | RuntimeException e) {
                // the process ended: nothing to count
            }
        }
        return groups;
    }

    private static void add(Path task, Map<String, Double> groups) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                    .replaceAll("[-#]?\\d+$", "");
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            groups.merge(name, cpu, Double::sum);
        } catch (IOException | RuntimeException e) {
            // the thread ended between listing and reading
        }
    }

    /** The groups that used CPU between two readings, most first, as µs per message. */
    static String perMessage(Map<String, Double> before, Map<String, Double> after, long messages) {
        StringBuilder out = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append("           %-24s %6.2f s  %8.2f µs/message%n".formatted(e.getKey(),
                        e.getValue(), messages == 0 ? 0 : e.getValue() * 1e6 / messages)));
        return out.toString();
    }
}
