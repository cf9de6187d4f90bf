package org.openenos.edge.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.edge.field.Sample;

class OncePerTimestampTest {
    @Test
    void aPointIsLetThroughOncePerSampleTime() {
        OncePerTimestamp once = new OncePerTimestamp();
        assertThat(once.filter(Map.of("a", Sample.good(1.0, 100), "b", Sample.good(2.0, 100)))).containsOnlyKeys("a", "b");
        assertThat(once.filter(Map.of("a", Sample.good(1.0, 100), "b", Sample.good(3.0, 200)))).containsOnlyKeys("b");
        assertThat(once.filter(Map.of("a", Sample.good(1.0, 300)))).containsOnlyKeys("a");
    }
}
