package org.openenos.edge.modbus;

import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.pdu.MaskWriteRegisterRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.serial.SerialPortTransportConfig;
import com.digitalpetri.modbus.serial.client.SerialPortClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import com.fazecast.jSerialComm.SerialPort;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.ConnectorStats;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus TCP, RTU-over-TCP and RTU on a serial line (jSerialComm through digitalpetri's modbus-serial) on
 * digitalpetri modbus. Reads follow a cached {@link ReadPlan} per device; a request
 * that fails or times out marks exactly its points bad. The client reconnects by itself (persistent, lazy), so a
 * device that disappears yields bad samples until it answers again.
 */
public final class ModbusConnector implements FieldConnector {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusConnector.class);

    private final ConnectionConfig config;
    private final ModbusClient client;
    private final ConnectorStats stats = new ConnectorStats();
    private final Map<List<RawPointConfig>, ReadPlan> plans = new ConcurrentHashMap<>();
    private final Duration timeout;

    public ModbusConnector(ConnectionConfig config) {
        this.config = config;
        this.timeout = Duration.ofMillis(config.timeoutMillis());
        if (config.type() == ConnectionType.MODBUS_RTU) {
            client = ModbusRtuClient.create(SerialPortClientTransport.create(this::serialLine),
                    c -> c.setRequestTimeout(timeout));
        } else if (config.type() == ConnectionType.MODBUS_RTU_OVER_TCP) {
            client = ModbusRtuClient.create(NettyRtuClientTransport.create(this::transport),
                    c -> c.setRequestTimeout(timeout));
        } else {
            client = ModbusTcpClient.create(NettyTcpClientTransport.create(this::transport),
                    c -> c.setRequestTimeout(timeout));
        }
    }

    private void serialLine(SerialPortTransportConfig.Builder b) {
        b.setSerialPort(config.serialPort()).setBaudRate(config.baudRate()).setDataBits(config.dataBits())
                .setStopBits(config.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT)
                .setParity(switch (config.parity()) {
                    case "EVEN" -> SerialPort.EVEN_PARITY;
                    case "ODD" -> SerialPort.ODD_PARITY;
                    default -> SerialPort.NO_PARITY;
                });
    }

    private void transport(com.digitalpetri.modbus.tcp.client.NettyClientTransportConfig.Builder b) {
        b.setHostname(config.host()).setPort(config.port()).setConnectTimeout(timeout)
                .setConnectPersistent(true).setReconnectLazy(true);
    }

    @Override
    public String connectionId() {
        return config.id();
    }

    @Override
    public void start() {
        client.connectAsync().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("modbus {} {}:{} not reachable yet: {}", config.id(), config.host(), config.port(), error.toString());
            }
        });
    }

    @Override
    public Map<String, Sample> read(DeviceConfig device, List<RawPointConfig> points) {
        ReadPlan plan = plans.computeIfAbsent(points, p -> ReadPlan.of(p, config.maxRegistersPerRequest()));
        Map<String, Sample> out = new HashMap<>(points.size() * 2);
        // One time stamp per poll, so that a device's points of one cycle travel as one item.
        long time = System.currentTimeMillis();
        try {
            ensureConnected();
        } catch (Exception e) {
            // An unreachable device fails the whole poll at once instead of once per request.
            stats.requests.incrementAndGet();
            stats.failedRequests.incrementAndGet();
            stats.badSamples.addAndGet(points.size());
            stats.lastError = "not connected: " + describe(e);
            points.forEach(p -> out.put(p.id(), Sample.bad(time)));
            return out;
        }
        for (ReadPlan.Request request : plan.requests()) {
            stats.requests.incrementAndGet();
            try {
                byte[] data = await(send(device.unitId(), request));
                for (RawPointConfig p : request.points()) {
                    Object value = request.area().isBit() ? bit(data, p.address() - request.address())
                            : RegisterCodec.decode(p, data, p.address() - request.address());
                    out.put(p.id(), Sample.good(value, time));
                }
                stats.goodSamples.addAndGet(request.points().size());
                stats.lastSuccessMillis = time;
            } catch (Exception e) {
                // No value is better than a made-up one: the points of this request are bad for this cycle.
                stats.failedRequests.incrementAndGet();
                stats.badSamples.addAndGet(request.points().size());
                stats.lastError = describe(e);
                LOG.debug("modbus {} unit {} {}@{}x{} failed: {}", config.id(), device.unitId(), request.area(),
                        request.address(), request.quantity(), stats.lastError);
                for (RawPointConfig p : request.points()) {
                    out.put(p.id(), Sample.bad(time));
                }
            }
        }
        return out;
    }

    private CompletionStage<byte[]> send(int unit, ReadPlan.Request r) {
        return switch (r.area()) {
            case HOLDING_REGISTER -> client.readHoldingRegistersAsync(unit,
                    new ReadHoldingRegistersRequest(r.address(), r.quantity())).thenApply(x -> x.registers());
            case INPUT_REGISTER -> client.readInputRegistersAsync(unit,
                    new ReadInputRegistersRequest(r.address(), r.quantity())).thenApply(x -> x.registers());
            case COIL -> client.readCoilsAsync(unit, new ReadCoilsRequest(r.address(), r.quantity()))
                    .thenApply(x -> x.coils());
            case DISCRETE_INPUT -> client.readDiscreteInputsAsync(unit,
                    new ReadDiscreteInputsRequest(r.address(), r.quantity())).thenApply(x -> x.inputs());
        };
    }

    /** Coils and discrete inputs come packed 8 per byte, least significant bit first (Modbus spec 6.1). */
    private static boolean bit(byte[] data, int index) {
        return ((data[index / 8] >> (index % 8)) & 1) == 1;
    }

    @Override
    public CompletableFuture<Void> write(DeviceConfig device, RawPointConfig point, Object rawValue) {
        int unit = device.unitId();
        stats.writes.incrementAndGet();
        CompletionStage<?> write;
        try {
            ensureConnected();
            write = switch (point.area()) {
                case COIL -> client.writeSingleCoilAsync(unit, new WriteSingleCoilRequest(point.address(), asBoolean(rawValue)));
                case HOLDING_REGISTER -> writeRegisters(unit, point, rawValue);
                default -> throw new IllegalArgumentException("point '" + point.id() + "' in " + point.area() + " is read-only");
            };
        } catch (Exception e) {
            stats.failedWrites.incrementAndGet();
            return CompletableFuture.failedFuture(new FieldWriteException(describe(e), e));
        }
        return write.toCompletableFuture().orTimeout(config.timeoutMillis() * 2L, TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error != null) {
                        stats.failedWrites.incrementAndGet();
                        throw new FieldWriteException("modbus write of '" + point.id() + "' failed: " + describe(error), error);
                    }
                    return null;
                });
    }

    private CompletionStage<?> writeRegisters(int unit, RawPointConfig point, Object rawValue) {
        if (point.type() == org.openenos.edge.field.DataType.BOOL && point.bit() != null) {
            // One bit of a register: mask write (FC 22) changes it without a read-modify-write race.
            int mask = 1 << point.bit();
            boolean on = asBoolean(rawValue);
            return client.maskWriteRegisterAsync(unit, new MaskWriteRegisterRequest(point.address(), ~mask & 0xFFFF,
                    on ? mask : 0));
        }
        byte[] bytes = RegisterCodec.encode(point, rawValue);
        if (bytes.length == 2) {
            return client.writeSingleRegisterAsync(unit, new WriteSingleRegisterRequest(point.address(),
                    ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF)));
        }
        return client.writeMultipleRegistersAsync(unit, new WriteMultipleRegistersRequest(point.address(),
                bytes.length / 2, bytes));
    }

    private static boolean asBoolean(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).doubleValue() != 0;
    }

    /**
     * Waits for the connection before sending: a request issued while the client is still connecting can be lost
     * and would only surface as a timeout, which for a write means a spurious failure reply.
     */
    private void ensureConnected() throws Exception {
        if (!client.isConnected()) {
            await(client.connectAsync());
        }
    }

    private <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            // The client enforces the request timeout; this bound only guards against a lost completion.
            return stage.toCompletableFuture().get(timeout.toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + timeout);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ModbusResponseException r) {
            return "device answered exception code " + r.getExceptionCode() + " to function " + r.getFunctionCode();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public ConnectorStats stats() {
        return stats;
    }

    @Override
    public void close() {
        try {
            client.disconnectAsync().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("modbus {} disconnect: {}", config.id(), e.toString());
        }
    }
}
