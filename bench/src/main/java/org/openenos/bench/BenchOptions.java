package org.openenos.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load run does.
 *
 * @param target        {@code openenos} (provisions devices over the REST API, waits for {@code _reply}) or
 *                      {@code mosquitto} (a plain broker: PUBACK is the acknowledgement)
 * @param mqtt          broker URI; several, separated by commas, spread the devices over server nodes in turn
 * @param api           OpenEnOS REST base URL (openenos only)
 * @param adminPassword password of the OpenEnOS super-administrator (openenos only)
 * @param devices       connections, one device each
 * @param rate          messages per second per device
 * @param points        measure points per item
 * @param batch         items per message: 1 posts on {@code measurepoint/post}, more on {@code post/batch}
 * @param qos           0 or 1
 * @param seconds       duration of the measured phase
 * @param serverPids    broker processes (one per node) to read CPU and memory of from /proc, summed (empty: skip)
 * @param warmupSeconds load offered before the measured phase and not counted (a fresh JVM spends the first tens
 *                      of seconds compiling: up to a third of its CPU in a 20 s run)
 * @param inflight      0: offer {@code rate} per device (Paho clients); more: closed loop, each device keeps this many
 *                      QoS 1 posts unanswered and sends the next when one is answered ({@link InflightLoad})
 * @param stored        the server's Prometheus endpoint (empty: not measured); with it, a closed-loop run also
 *                      reports what was stored: after the load it waits until the storage stage's backlog is empty
 *                      and reports stored points/s over the whole window and the time from the last
 *                      acknowledgement until everything acknowledged was stored ({@link StoredProbe})
 * @param drainSeconds  how long to wait for the drain before reporting what is still unstored
 */
record BenchOptions(String target, String mqtt, String api, String adminPassword, int devices, double rate,
                    int points, int batch, int qos, int seconds, List<Long> serverPids, int warmupSeconds,
                    int inflight, String stored, int drainSeconds) {

    static BenchOptions parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return new BenchOptions(o.getOrDefault("target", "openenos"), o.getOrDefault("mqtt", "tcp://127.0.0.1:11883"),
                o.getOrDefault("api", "http://127.0.0.1:8080"), o.getOrDefault("admin-password", ""),
                Integer.parseInt(o.getOrDefault("devices", "100")), Double.parseDouble(o.getOrDefault("rate", "1")),
                Integer.parseInt(o.getOrDefault("points", "10")), Integer.parseInt(o.getOrDefault("batch", "1")),
                Integer.parseInt(o.getOrDefault("qos", "1")), Integer.parseInt(o.getOrDefault("seconds", "20")),
                pids(o.getOrDefault("server-pid", "")), Integer.parseInt(o.getOrDefault("warmup", "0")),
                Integer.parseInt(o.getOrDefault("inflight", "0")), o.getOrDefault("stored", ""),
                Integer.parseInt(o.getOrDefault("drain", "60")));
    }

    private static List<Long> pids(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty() && !s.equals("0"))
                .map(Long::parseLong).toList();
    }

    /** The broker URIs, one per server node. */
    List<String> mqttUris() {
        return Arrays.stream(mqtt.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    boolean openenos() {
        return "openenos".equals(target);
    }

    String describe() {
        return "%s nodes=%d devices=%d rate=%.1f/s points=%d batch=%d qos=%d seconds=%d warmup=%d".formatted(target,
                mqttUris().size(), devices, rate, points, batch, qos, seconds, warmupSeconds);
    }
}
