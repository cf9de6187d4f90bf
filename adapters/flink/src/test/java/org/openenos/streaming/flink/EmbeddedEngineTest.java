package org.openenos.streaming.flink;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real embedded engine per test class, on its own log and checkpoint directory, with a registry the class's
 * tests change while their jobs run. The registry is created afresh for every class, so no class sees the assets or
 * trees another one registered.
 */
abstract class EmbeddedEngineTest {
    @TempDir
    static Path dir;
    static InMemoryDirectory registry;
    static StreamEngineFixture fx;

    @BeforeAll
    static void startEngine() {
        registry = new InMemoryDirectory();
        fx = new StreamEngineFixture(dir, registry);
    }

    @AfterAll
    static void stopEngine() {
        fx.close();
    }
}
