package org.openenos.connectivity.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceSessionRegistry;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;

/** In a cluster each node names its commands, and a restarting node leaves the other nodes' commands alone. */
class CommandIdsOfClusterNodesTest {
    private final InMemoryDeviceDirectory directory = Fixtures.directory();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CommandStore store = new InMemoryCommandStore();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private DeviceCommandService node(String prefix) {
        return new DeviceCommandService(directory, new DeviceSessionRegistry(directory, Clock.systemUTC()),
                (pk, dk, topic, payload) -> false, store, Clock.systemUTC(), scheduler, prefix);
    }

    @Test
    void commandIdsCarryTheNodesPrefix() {
        CommandRecord command = node("node-a-").setMeasurepoint(Fixtures.PRODUCT, "dev1", "power", 5, 600).join();
        assertThat(command.commandId()).startsWith("node-a-");
    }

    @Test
    void aRestartingNodeResumesItsOwnCommandsOnlyAndLeavesTheOtherNodesReleasedOnesWaiting() {
        Instant now = Instant.now();
        for (String id : new String[] {"node-a-1", "node-b-1"}) {
            store.save(new CommandRecord(id, Fixtures.ORG, "asset-dev1", Fixtures.PRODUCT, "dev1",
                    "thing.service.measurepoint.set", "/sys/pkInv/dev1/thing/service/measurepoint/set", null, false,
                    CommandState.RELEASED, null, null, null, now, now, now.plusSeconds(600)));
        }
        node("node-a-");
        assertThat(store.find("node-a-1").orElseThrow().state()).isEqualTo(CommandState.REPLY_TIMEOUT);
        assertThat(store.find("node-b-1").orElseThrow().state()).as("node B still waits for its reply")
                .isEqualTo(CommandState.RELEASED);
    }
}
