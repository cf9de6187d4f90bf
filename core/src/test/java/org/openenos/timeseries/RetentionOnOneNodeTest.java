package org.openenos.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.testkit.InMemoryTimeSeriesStore;

class RetentionOnOneNodeTest {
    @TempDir
    Path dir;

    /** The in-memory store, said to be shared by the nodes of a cluster as Cassandra is. */
    private static TimeSeriesStore shared() {
        TimeSeriesStore values = new InMemoryTimeSeriesStore();
        return (TimeSeriesStore) Proxy.newProxyInstance(TimeSeriesStore.class.getClassLoader(),
                new Class<?>[] {TimeSeriesStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sharedByNodes")) {
                        return true;
                    }
                    try {
                        return method.invoke(values, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private record Scheduled(Duration every, Runnable work) {
    }

    @Test
    void aStoreTheNodesShareIsTrimmedByTheClustersOnceAJobAndAStoreOfOneNodeByItsOwnNode() throws Exception {
        List<Scheduled> scheduled = new ArrayList<>();
        try (TimeSeriesModule module = TimeSeriesModule.start(dir.resolve("shared"), TimeSeriesConfig.DEFAULTS,
                shared(), AssetTimezones.UTC, PointSignalTypes.UNKNOWN)) {
            assertThat(module.handRetentionToCluster((every, work) -> scheduled.add(new Scheduled(every, work))))
                    .isTrue();
        }
        assertThat(scheduled).singleElement().extracting(Scheduled::every).isEqualTo(Duration.ofHours(1));

        scheduled.clear();
        try (TimeSeriesModule module = TimeSeriesModule.start(dir.resolve("local"), TimeSeriesConfig.DEFAULTS,
                new InMemoryTimeSeriesStore(), AssetTimezones.UTC, PointSignalTypes.UNKNOWN)) {
            assertThat(module.handRetentionToCluster((every, work) -> scheduled.add(new Scheduled(every, work))))
                    .isFalse();
        }
        assertThat(scheduled).isEmpty();
    }
}
