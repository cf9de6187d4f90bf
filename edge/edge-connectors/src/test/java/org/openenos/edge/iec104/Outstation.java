package org.openenos.edge.iec104;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.Connection;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.Server;
import org.openmuc.j60870.ServerEventListener;
import org.openmuc.j60870.ie.IeBinaryCounterReading;
import org.openmuc.j60870.ie.IeDoubleCommand;
import org.openmuc.j60870.ie.IeDoublePointWithQuality;
import org.openmuc.j60870.ie.IeQuality;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSingleCommand;
import org.openmuc.j60870.ie.IeSinglePointWithQuality;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationObject;

/**
 * An IEC 104 outstation on j60870's server side: answers the general interrogation with its station image, the
 * counter interrogation with its totals, confirms commands (refusing those to {@link #REFUSED_IOA}) and can push
 * spontaneous values.
 */
final class Outstation implements AutoCloseable {
    static final int CA = 7;
    static final int REFUSED_IOA = 299;

    final int port;
    final Map<Integer, Object> commands = new ConcurrentHashMap<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private Server server;

    Outstation(int port) {
        this.port = port;
    }

    Outstation start() throws IOException {
        Server.Builder builder = Server.builder().setPort(port);
        // j60870 1.5.0 parks a sender whose window of k unacknowledged I-frames is full until the next frame comes
        // in, which can hold the station image back for t2; a wide window keeps this test peer from stalling.
        builder.setMaxNumOfOutstandingIPdus(32767);
        server = builder.build();
        server.start(new ServerEventListener() {
            @Override
            public void connectionIndication(Connection connection) {
                connections.add(connection);
                try {
                    // j60870 confirms STARTDT before waitForStartDT installs its listener: an interrogation sent
                    // right after the confirmation would find none, so the listener goes in first.
                    Station station = new Station(connection);
                    connection.setConnectionListener(station);
                    connection.waitForStartDT(station, 5_000);
                } catch (IOException e) {
                    connection.close();
                }
            }

            @Override
            public void serverStoppedListeningIndication(IOException e) {
            }

            @Override
            public void connectionAttemptFailed(IOException e) {
            }
        });
        return this;
    }

    /**
     * Sends one spontaneous ASDU to every connected station. A station whose connection closed before its close was
     * reported (an earlier test's connector) is dropped; the send fails only when no station took it.
     */
    void spontaneous(ASduType type, InformationObject object) throws IOException {
        IOException last = new IOException("no station is connected");
        boolean sent = false;
        for (Connection c : connections) {
            try {
                c.send(new ASdu(type, false, CauseOfTransmission.SPONTANEOUS, false, false, 0, CA, object));
                sent = true;
            } catch (IOException e) {
                connections.remove(c);
                last = e;
            }
        }
        if (!sent) {
            throw last;
        }
    }

    static InformationObject floatWithTime(int ioa, float value, long time) {
        return new InformationObject(ioa, new IeShortFloat(value), new IeQuality(false, false, false, false, false),
                new IeTime56(time, java.util.TimeZone.getTimeZone("UTC"), false));
    }

    private final class Station implements ConnectionEventListener {
        private final Connection connection;

        Station(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void newASdu(ASdu asdu) {
            try {
                switch (asdu.getTypeIdentification()) {
                    case C_IC_NA_1 -> {
                        connection.sendConfirmation(asdu);
                        send(ASduType.M_ME_NC_1, new InformationObject(100, new IeShortFloat(231.5f), good()));
                        send(ASduType.M_ME_NB_1, new InformationObject(101, new IeScaledValue(-1234), good()));
                        send(ASduType.M_SP_NA_1, new InformationObject(102,
                                new IeSinglePointWithQuality(true, false, false, false, false)));
                        send(ASduType.M_DP_NA_1, new InformationObject(103, new IeDoublePointWithQuality(
                                IeDoublePointWithQuality.DoublePointInformation.ON, false, false, false, false)));
                        // overflow, blocked, substituted, not topical, invalid
                        send(ASduType.M_ME_NC_1, new InformationObject(110, new IeShortFloat(1f),
                                new IeQuality(false, false, false, false, true)));
                        send(ASduType.M_ME_NC_1, new InformationObject(111, new IeShortFloat(2f),
                                new IeQuality(false, true, false, false, false)));
                        send(ASduType.M_ME_NC_1, new InformationObject(112, new IeShortFloat(3f),
                                new IeQuality(false, false, true, false, false)));
                        send(ASduType.M_ME_NC_1, new InformationObject(113, new IeShortFloat(4f),
                                new IeQuality(false, false, false, true, false)));
                        send(ASduType.M_ME_NC_1, new InformationObject(114, new IeShortFloat(5f),
                                new IeQuality(true, false, false, false, false)));
                        connection.sendActivationTermination(asdu);
                    }
                    case C_CI_NA_1 -> {
                        connection.sendConfirmation(asdu);
                        connection.send(new ASdu(ASduType.M_IT_NA_1, false,
                                CauseOfTransmission.REQUESTED_BY_GENERAL_COUNTER, false, false, 0, CA,
                                new InformationObject(104, new IeBinaryCounterReading(123_456, 1))));
                        connection.sendActivationTermination(asdu);
                    }
                    case C_SC_NA_1, C_DC_NA_1, C_SE_NC_1 -> command(asdu);
                    default -> { }
                }
            } catch (IOException e) {
                connection.close();
            }
        }

        private void command(ASdu asdu) throws IOException {
            InformationObject object = asdu.getInformationObjects()[0];
            int ioa = object.getInformationObjectAddress();
            if (ioa == REFUSED_IOA) {
                connection.sendConfirmation(asdu, CA, true);
                return;
            }
            Object value = switch (object.getInformationElements()[0][0]) {
                case IeSingleCommand s -> s.isCommandStateOn();
                case IeDoubleCommand d -> d.getCommandState().name();
                case IeShortFloat f -> f.getValue();
                default -> "?";
            };
            commands.put(ioa, value);
            connection.sendConfirmation(asdu);
            connection.sendActivationTermination(asdu);
        }

        private void send(ASduType type, InformationObject object) throws IOException {
            connection.send(new ASdu(type, false, CauseOfTransmission.INTERROGATED_BY_STATION, false, false, 0, CA,
                    object));
        }

        private static IeQuality good() {
            return new IeQuality(false, false, false, false, false);
        }

        @Override
        public void connectionClosed(IOException e) {
            connections.remove(connection);
        }

        @Override
        public void dataTransferStateChanged(boolean stopped) {
        }
    }

    @Override
    public void close() {
        server.stop();
        connections.forEach(Connection::close);
        connections.clear();
    }
}
