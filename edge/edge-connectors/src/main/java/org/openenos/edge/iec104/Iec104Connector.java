package org.openenos.edge.iec104;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.Iec104Command;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.ConnectorStats;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.ClientConnectionBuilder;
import org.openmuc.j60870.Connection;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.ie.IeDoubleCommand;
import org.openmuc.j60870.ie.IeQualifierOfCounterInterrogation;
import org.openmuc.j60870.ie.IeQualifierOfInterrogation;
import org.openmuc.j60870.ie.IeQualifierOfSetPointCommand;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSingleCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge as IEC 60870-5-104 controlling station, on j60870. The outstation pushes its values (general and counter
 * interrogation at every connect, then spontaneous changes); the connector keeps the latest sample per information
 * object address and a poll reads them, so the device pipeline, the once-per-timestamp filter and the outage
 * handling are the same as for polled protocols. While the connection is down every point reads bad. Commands wait
 * for the outstation's activation confirmation; a negative one fails the write.
 */
public final class Iec104Connector implements FieldConnector {
    private static final Logger LOG = LoggerFactory.getLogger(Iec104Connector.class);
    /** QOI 20: station interrogation; QCC 5: general counter request. */
    private static final int STATION_INTERROGATION = 20;
    private static final int GENERAL_COUNTER_REQUEST = 5;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 10_000;

    private final ConnectionConfig config;
    private final ConnectorStats stats = new ConnectorStats();
    private final Map<Integer, Sample> latest = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> pendingCommands = new ConcurrentHashMap<>();
    private volatile Connection connection;
    private volatile CountDownLatch interrogationConfirmed = new CountDownLatch(1);
    private volatile boolean running;
    private Thread supervisor;

    public Iec104Connector(ConnectionConfig config) {
        this.config = config;
    }

    @Override
    public String connectionId() {
        return config.id();
    }

    @Override
    public synchronized void start() {
        running = true;
        supervisor = Thread.ofVirtual().name("edge-iec104-" + config.id()).start(this::superviseConnection);
    }

    /** Connects, interrogates, waits until the link drops, and starts again with a growing delay. */
    private void superviseConnection() {
        long delay = 500;
        while (running) {
            CountDownLatch closed = new CountDownLatch(1);
            try {
                Connection c = open(closed);
                delay = 500;
                interrogateUntilConfirmed(c, closed);
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                stats.lastError = "not connected: " + e;
                LOG.debug("iec104 {} {}:{} connect failed: {}", config.id(), config.host(), config.port(), e.toString());
            }
            dropConnection();
            if (!running) {
                return;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MILLIS);
        }
    }

    private Connection open(CountDownLatch closed) throws IOException {
        ClientConnectionBuilder builder = new ClientConnectionBuilder(config.host()).setPort(config.port())
                .setConnectionTimeout(config.timeoutMillis());
        builder.setMaxTimeNoAckReceived(config.t1Millis());
        builder.setMaxTimeNoAckSent(config.t2Millis());
        builder.setMaxIdleTime(config.t3Millis());
        Connection c = builder.build();
        connection = c;
        interrogationConfirmed = new CountDownLatch(1);
        c.startDataTransfer(new Listener(c, closed), config.timeoutMillis());
        LOG.info("iec104 {} connected to {}:{}, interrogating station {}", config.id(), config.host(), config.port(),
                config.commonAddress());
        return c;
    }

    /**
     * Sends the station interrogation and repeats it while the outstation does not confirm it within timeoutMillis
     * (an outstation may drop a request that arrives right after STARTDT); three unanswered ones close the link.
     */
    private void interrogateUntilConfirmed(Connection c, CountDownLatch closed) throws IOException,
            InterruptedException {
        for (int attempt = 1; attempt <= 3 && closed.getCount() > 0; attempt++) {
            c.interrogation(config.commonAddress(), CauseOfTransmission.ACTIVATION,
                    new IeQualifierOfInterrogation(STATION_INTERROGATION));
            if (interrogationConfirmed.await(config.timeoutMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            LOG.debug("iec104 {} interrogation {} not confirmed within {} ms", config.id(), attempt,
                    config.timeoutMillis());
        }
        stats.lastError = "station interrogation not confirmed";
        c.close();
    }

    private void dropConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
            LOG.warn("iec104 {} lost its connection to {}:{} ({}); reconnecting", config.id(), config.host(),
                    config.port(), stats.lastError);
        }
        // Values of a broken link are not current any more; the interrogation at the next connect refreshes them.
        latest.clear();
        pendingCommands.values().forEach(f -> f.completeExceptionally(
                new FieldWriteException("connection '" + config.id() + "' closed before the confirmation", null)));
        pendingCommands.clear();
    }

    private final class Listener implements ConnectionEventListener {
        private final Connection owner;
        private final CountDownLatch closed;

        Listener(Connection owner, CountDownLatch closed) {
            this.owner = owner;
            this.closed = closed;
        }

        @Override
        public void newASdu(ASdu asdu) {
            if (asdu.getTypeIdentification() == ASduType.C_IC_NA_1) {
                if (asdu.getCauseOfTransmission() == CauseOfTransmission.ACTIVATION_CON) {
                    interrogationConfirmed.countDown();
                }
                if (asdu.getCauseOfTransmission() == CauseOfTransmission.ACTIVATION_TERMINATION) {
                    // One interrogation at a time: the counters are asked for once the station image is complete.
                    Thread.ofVirtual().start(() -> interrogateCounters(owner));
                }
                return;
            }
            if (isCommand(asdu.getTypeIdentification())) {
                confirm(asdu);
                return;
            }
            long now = System.currentTimeMillis();
            Iec104Values.decode(asdu, now, latest::put);
            stats.lastSuccessMillis = now;
        }

        @Override
        public void connectionClosed(IOException cause) {
            stats.lastError = "connection closed: " + (cause == null ? "by peer" : cause.getMessage());
            closed.countDown();
        }

        @Override
        public void dataTransferStateChanged(boolean stopped) {
            LOG.debug("iec104 {} data transfer {}", config.id(), stopped ? "stopped" : "started");
        }
    }

    private void interrogateCounters(Connection c) {
        try {
            c.counterInterrogation(config.commonAddress(), CauseOfTransmission.ACTIVATION,
                    new IeQualifierOfCounterInterrogation(GENERAL_COUNTER_REQUEST, 0));
        } catch (IOException e) {
            LOG.debug("iec104 {} counter interrogation not sent: {}", config.id(), e.toString());
        }
    }

    private static boolean isCommand(ASduType type) {
        return type == ASduType.C_SC_NA_1 || type == ASduType.C_DC_NA_1 || type == ASduType.C_SE_NC_1;
    }

    /** Activation confirmation of a command: positive completes the write, negative fails it. */
    private void confirm(ASdu asdu) {
        if (asdu.getCauseOfTransmission() != CauseOfTransmission.ACTIVATION_CON
                && !asdu.isNegativeConfirm()) {
            return;     // activation termination or an echo: nothing waits for it
        }
        for (var object : asdu.getInformationObjects()) {
            CompletableFuture<Void> pending = pendingCommands.remove(object.getInformationObjectAddress());
            if (pending == null) {
                continue;
            }
            if (asdu.isNegativeConfirm()) {
                pending.completeExceptionally(new FieldWriteException("outstation refused " + asdu.getTypeIdentification()
                        + " to ioa " + object.getInformationObjectAddress() + " (negative confirmation, cause "
                        + asdu.getCauseOfTransmission() + ")", null));
            } else {
                pending.complete(null);
            }
        }
    }

    @Override
    public Map<String, Sample> read(DeviceConfig device, List<RawPointConfig> points) {
        long now = System.currentTimeMillis();
        Map<String, Sample> out = new HashMap<>(points.size() * 2);
        stats.requests.incrementAndGet();
        boolean up = isConnected();
        if (!up) {
            stats.failedRequests.incrementAndGet();
        }
        for (RawPointConfig point : points) {
            Sample s = up ? latest.get(point.ioa()) : null;
            Sample value = s == null ? Sample.bad(now) : scaled(point, s);
            (value.isGood() ? stats.goodSamples : stats.badSamples).incrementAndGet();
            out.put(point.id(), value);
        }
        return out;
    }

    private static Sample scaled(RawPointConfig point, Sample s) {
        if (s.value() instanceof Number n && (point.scale() != 1.0 || point.offset() != 0.0)) {
            return new Sample(n.doubleValue() * point.scale() + point.offset(), s.quality(), s.time());
        }
        return s;
    }

    @Override
    public CompletableFuture<Void> write(DeviceConfig device, RawPointConfig point, Object rawValue) {
        stats.writes.incrementAndGet();
        Connection c = connection;
        if (point.command() == null) {
            return failed("point '" + point.id() + "' has no IEC 104 command configured");
        }
        if (c == null || c.isClosed()) {
            return failed("connection '" + config.id() + "' is not connected");
        }
        int ioa = point.commandIoa();
        CompletableFuture<Void> confirmation = new CompletableFuture<>();
        if (pendingCommands.putIfAbsent(ioa, confirmation) != null) {
            return failed("a command to ioa " + ioa + " is still waiting for its confirmation");
        }
        try {
            int ca = config.commonAddress();
            switch (point.command()) {
                case SINGLE -> c.singleCommand(ca, CauseOfTransmission.ACTIVATION, ioa,
                        new IeSingleCommand(truthy(rawValue), 0, false));
                case DOUBLE -> c.doubleCommand(ca, CauseOfTransmission.ACTIVATION, ioa, new IeDoubleCommand(
                        truthy(rawValue) ? IeDoubleCommand.DoubleCommandState.ON
                                : IeDoubleCommand.DoubleCommandState.OFF, 0, false));
                case SETPOINT_FLOAT -> c.setShortFloatCommand(ca, CauseOfTransmission.ACTIVATION, ioa,
                        new IeShortFloat(((Number) number(rawValue)).floatValue()),
                        new IeQualifierOfSetPointCommand(0, false));
            }
        } catch (IOException | RuntimeException e) {
            pendingCommands.remove(ioa);
            return failed("sending " + point.command() + " to ioa " + ioa + " failed: " + e.getMessage());
        }
        return confirmation.orTimeout(config.timeoutMillis(), TimeUnit.MILLISECONDS).handle((ok, error) -> {
            pendingCommands.remove(ioa, confirmation);
            if (error == null) {
                return null;
            }
            stats.failedWrites.incrementAndGet();
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            throw cause instanceof FieldWriteException f ? f : new FieldWriteException("no confirmation of "
                    + point.command() + " to ioa " + ioa + " within " + config.timeoutMillis() + " ms", cause);
        });
    }

    private CompletableFuture<Void> failed(String reason) {
        stats.failedWrites.incrementAndGet();
        return CompletableFuture.failedFuture(new FieldWriteException(reason, null));
    }

    private static boolean truthy(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            default -> Boolean.parseBoolean(String.valueOf(value)) || "1".equals(String.valueOf(value));
        };
    }

    private static Object number(Object value) {
        return switch (value) {
            case Number n -> n;
            case Boolean b -> b ? 1 : 0;
            default -> Double.parseDouble(String.valueOf(value));
        };
    }

    @Override
    public boolean isConnected() {
        Connection c = connection;
        return c != null && !c.isClosed();
    }

    @Override
    public ConnectorStats stats() {
        return stats;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }
}
