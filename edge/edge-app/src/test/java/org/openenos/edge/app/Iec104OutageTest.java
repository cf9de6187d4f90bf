package org.openenos.edge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.edge.testkit.FakeCloudLink;
import org.openenos.testkit.Await;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.Connection;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.Server;
import org.openmuc.j60870.ServerEventListener;
import org.openmuc.j60870.ie.IeQuality;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.InformationObject;

/** An IEC 104 outstation that goes away is handled like a Modbus device that stops answering. */
class Iec104OutageTest {
    @TempDir
    Path dir;
    final FakeCloudLink cloud = new FakeCloudLink();
    final int port = ModbusSimulator.freePort();
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    Server outstation;
    EdgeApplication edge;

    /** A station answering the interrogation with one float at ioa 100 (j60870's server side). */
    void startOutstation() throws IOException {
        Server.Builder builder = Server.builder().setPort(port);
        outstation = builder.build();
        outstation.start(new ServerEventListener() {
            @Override
            public void connectionIndication(Connection c) {
                connections.add(c);
                ConnectionEventListener station = new ConnectionEventListener() {
                    @Override
                    public void newASdu(ASdu asdu) {
                        try {
                            if (asdu.getTypeIdentification() == ASduType.C_IC_NA_1) {
                                c.sendConfirmation(asdu);
                                c.send(new ASdu(ASduType.M_ME_NC_1, false, CauseOfTransmission.INTERROGATED_BY_STATION,
                                        false, false, 0, 1, new InformationObject(100, new IeShortFloat(49.98f),
                                        new IeQuality(false, false, false, false, false))));
                                c.sendActivationTermination(asdu);
                            }
                        } catch (IOException e) {
                            c.close();
                        }
                    }

                    @Override
                    public void connectionClosed(IOException e) {
                    }

                    @Override
                    public void dataTransferStateChanged(boolean stopped) {
                    }
                };
                try {
                    c.setConnectionListener(station);
                    c.waitForStartDT(station, 5_000);
                } catch (IOException e) {
                    c.close();
                }
            }

            @Override
            public void serverStoppedListeningIndication(IOException e) {
            }

            @Override
            public void connectionAttemptFailed(IOException e) {
            }
        });
    }

    void stopOutstation() {
        outstation.stop();
        connections.forEach(Connection::close);
        connections.clear();
    }

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
        stopOutstation();
    }

    @Test
    void aLostOutstationSendsBadQualityTakesTheDeviceOfflineAndBackOnlineAfterTheReconnect() throws Exception {
        startOutstation();
        String yaml = """
                gateway: {productKey: gwPk, productSecret: gwPs, serialNumber: EDGE-1}
                cloud: {reconnectMinMillis: 50, reconnectMaxMillis: 200}
                buffer: {directory: "%s"}
                status: {port: -1}
                connections:
                  - {id: substation, type: IEC104, host: 127.0.0.1, port: %d, commonAddress: 1, timeoutMillis: 1000}
                devices:
                  - id: feeder
                    connection: substation
                    productKey: pk
                    deviceKey: feeder
                    deviceSecret: s
                    pollIntervalMillis: 100
                    offlineAfterFailedPolls: 3
                    outagePollIntervalMillis: 300
                    points: [{id: f, ioa: 100}]
                    template: {measurepoints: [{measurepoint: frequency, input: f}]}
                """.formatted(dir.resolve("buffer").toString().replace("\\", "/"), port);
        EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "edge.yaml");
        edge = new EdgeApplication(config, cloud);
        await(() -> cloud.posted.stream().anyMatch(i -> value(i) != null));
        assertThat(((Number) value(cloud.posted.stream().filter(i -> value(i) != null).findFirst().orElseThrow()))
                .doubleValue()).isCloseTo(49.98, org.assertj.core.data.Offset.offset(0.001));
        long goodPosts = cloud.posted.stream().filter(i -> value(i) != null).count();
        assertThat(goodPosts).as("one value per time, not one per poll").isEqualTo(1);

        stopOutstation();
        await(() -> cloud.sessions.contains("logout pk/feeder"));
        assertThat(cloud.posted).anyMatch(i -> quality(i) == 9 && value(i) == null);

        for (int attempt = 0; ; attempt++) {
            try {
                startOutstation();   // j60870 frees its listening port asynchronously after stop()
                break;
            } catch (java.net.BindException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        await(() -> cloud.sessions.size() == 3);
        assertThat(cloud.sessions).containsExactly("login pk/feeder", "logout pk/feeder", "login pk/feeder");
    }

    private static Object value(UploadItem item) {
        return item.measurepoints().get("frequency") instanceof Map<?, ?> m ? m.get("value") : null;
    }

    private static int quality(UploadItem item) {
        return item.measurepoints().get("frequency") instanceof Map<?, ?> m && m.get("quality") instanceof Number n
                ? n.intValue() : -1;
    }

    private static void await(BooleanSupplier condition) {
        Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(20)).until("condition",
                condition::getAsBoolean);
    }
}
