package org.openenos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from /proc (Linux). */
record ProcessStats(double cpuSeconds, long rssBytes) {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** The sum over several processes (the nodes of a cluster). */
    static ProcessStats of(java.util.List<Long> pids) {
        double cpu = 0;
        long rss = 0;
        for (long pid : pids) {
            ProcessStats one = of(pid);
            cpu += one.cpuSeconds();
            rss += one.rssBytes();
        }
        return new ProcessStats(cpu, rss);
    }

    static ProcessStats of(long pid) {
        if (pid <= 0) {
            return new ProcessStats(0, 0);
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name, which may contain spaces, start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
            return new ProcessStats(cpu, rss);
        } catch (IOException | RuntimeException e) {
            return new ProcessStats(0, 0);
        }
    }
}
