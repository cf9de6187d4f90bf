package org.openenos.connectivity.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceLink;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.DeviceSessionRegistry;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;

/** Commands written through to the store survive a restart of the service (ADR 0041). */
class CommandResumeTest {
    private final InMemoryDeviceDirectory directory = Fixtures.directory();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> delivered = new ArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private DeviceCommandService service(CommandStore store, DeviceSessionRegistry sessions) {
        CommandPublisher publisher = (pk, dk, topic, payload) -> sessions.linkTo(pk, dk).map(link -> {
            link.send(topic, payload);
            return true;
        }).orElse(false);
        return new DeviceCommandService(directory, sessions, publisher, store, Clock.systemUTC(), scheduler);
    }

    @Test
    void aWaitingCommandIsDeliveredAfterARestartAndAReleasedOneBecomesAReplyTimeout() {
        CommandStore store = new InMemoryCommandStore();
        DeviceCommandService before = service(store, new DeviceSessionRegistry(directory, Clock.systemUTC()));
        CommandRecord waiting = before.setMeasurepoint(Fixtures.PRODUCT, "dev1", "power", 5, 600).join();
        Instant now = Instant.now();
        store.save(new CommandRecord("released-1", Fixtures.ORG, "asset-dev1", Fixtures.PRODUCT, "dev1",
                "thing.service.measurepoint.set", "/sys/pkInv/dev1/thing/service/measurepoint/set", null, false,
                CommandState.RELEASED, null, null, null, now, now, now.plusSeconds(600)));

        DeviceSessionRegistry sessions = new DeviceSessionRegistry(directory, Clock.systemUTC());
        DeviceCommandService after = service(store, sessions);
        assertThat(after.get("released-1").orElseThrow().state()).isEqualTo(CommandState.REPLY_TIMEOUT);
        sessions.open(new DeviceSession(new DeviceRef(Fixtures.ORG, "asset-dev1", Fixtures.PRODUCT, "dev1"), false,
                new DeviceLink() {
                    @Override
                    public void send(String topic, byte[] payload) {
                        delivered.add(topic);
                    }

                    @Override
                    public void close() {
                    }

                    @Override
                    public boolean secure() {
                        return false;
                    }
                }));
        assertThat(delivered).containsExactly("/sys/pkInv/dev1/thing/service/measurepoint/set");
        assertThat(after.get(waiting.commandId()).orElseThrow().state()).isEqualTo(CommandState.RELEASED);
        assertThat(store.find(waiting.commandId()).orElseThrow().state()).isEqualTo(CommandState.RELEASED);
    }
}
