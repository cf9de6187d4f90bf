package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/**
 * A roll-up job on a real embedded Flink cluster over a three-level tree (site → groups → inverters) that changes
 * while the job runs, checked against sums and availability worked out here from the test's own picture of the tree.
 */
class TreeRollupJobTest extends EmbeddedEngineTest {
    /** The test's picture: inverter → group, and the power each inverter currently sends (absent: offline). */
    private final Map<String, String> groupOf = new ConcurrentHashMap<>();
    private final Map<String, Double> sending = new ConcurrentHashMap<>();

    private static Map<String, Object> policy(String aggregation, String scope, String outputModel, String output) {
        return Map.of("treeId", "T", "modelId", "inv", "inputPoint", "power", "aggregation", aggregation,
                "scope", scope, "outputModelId", outputModel, "outputPoint", output, "staleAfterSeconds", 3);
    }

    private void join(String inverter, String group) {
        groupOf.put(inverter, group);
        registry.putNode("o1", "T", inverter, group, "inv");
    }

    @Test
    void rollUpsFollowDataTreeChangesAndDevicesGoingOffline() throws Exception {
        registry.putNode("o1", "T", "S", null, "site");
        registry.putNode("o1", "T", "G1", "S", "group");
        registry.putNode("o1", "T", "G2", "S", "group");
        join("I1", "G1");
        join("I2", "G1");
        join("I3", "G2");
        sending.putAll(Map.of("I1", 10.0, "I2", 20.0, "I3", 30.0));
        StreamJob job = fx.job("o1", TemplateType.TreeRollup, Map.of("treeRefreshSeconds", 1, "policies", List.of(
                policy("sum", "children", "group", "power_sum"),
                policy("sum", "subtree", "site", "power_total"),
                policy("availability", "subtree", "site", "availability"))));
        fx.start(job);
        ScheduledExecutorService devices = Executors.newSingleThreadScheduledExecutor();
        // inverters send every 300 ms, stamped with the time of sending; the same asset ids in another
        // organization send far larger values that must never count
        devices.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            sending.forEach((inverter, power) -> fx.post("o1", "inv", inverter, now, "power", power));
            fx.post("o2", "inv", "I1", now, "power", 1_000);
        }, 0, 300, TimeUnit.MILLISECONDS);
        try {
            expectRollups();

            join("I4", "G2");                       // joins without data yet: offline, so availability 3/4
            expect("S", "availability", 0.75);
            sending.put("I4", 40.0);
            expectRollups();

            join("I2", "G2");                       // moves to the other group
            expectRollups();

            groupOf.remove("I1");                   // leaves the tree (and keeps sending)
            registry.removeNode("o1", "T", "I1");
            expectRollups();

            sending.remove("I3");                   // goes offline: stale after 3 s
            expectRollups();
        } finally {
            devices.shutdownNow();
            fx.engine.stop(job.pipelineId());
        }
    }

    /** Waits until the newest output of every roll-up is what the test's picture of the tree says. */
    private void expectRollups() {
        for (String group : List.of("G1", "G2")) {
            double sum = groupOf.entrySet().stream().filter(e -> e.getValue().equals(group))
                    .mapToDouble(e -> sending.getOrDefault(e.getKey(), 0.0)).sum();
            expect(group, "power_sum", sum);
        }
        expect("S", "power_total", groupOf.keySet().stream().mapToDouble(i -> sending.getOrDefault(i, 0.0)).sum());
        long online = groupOf.keySet().stream().filter(i -> sending.getOrDefault(i, 0.0) != 0).count();
        expect("S", "availability", (double) online / groupOf.size());
    }

    private void expect(String asset, String point, double value) {
        TreeMap<Long, List<Double>> got = fx.await(asset, point,
                s -> !s.isEmpty() && Math.abs(s.lastEntry().getValue().getLast() - value) < 1e-9);
        assertThat(got).as(asset + "." + point).isNotEmpty();
        assertThat(got.lastEntry().getValue().getLast()).as(asset + "." + point).isCloseTo(value,
                org.assertj.core.api.Assertions.within(1e-9));
    }
}
