package org.openenos.edge.modbus;

import com.digitalpetri.modbus.pdu.MaskWriteRegisterRequest;
import com.digitalpetri.modbus.pdu.MaskWriteRegisterResponse;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Modbus TCP slave serving simulated registers, for tests, benchmarks and trying a configuration without a
 * device. Every unit id sees the same image. {@link #setDelayMillis} makes it answer late (read timeouts),
 * {@link #stop} / {@link #start} make it disappear and return on the same port, {@link #silence} makes one unit stop
 * answering while the others on the same connection go on (a dead unit behind a gateway that answers for the others).
 */
public final class ModbusSimulator implements ModbusServices, AutoCloseable {
    private final short[] holding = new short[65536];
    private final short[] input = new short[65536];
    private final boolean[] coils = new boolean[65536];
    private final boolean[] discrete = new boolean[65536];
    private final int port;
    private final AtomicLong requests = new AtomicLong();
    private volatile long delayMillis;
    private volatile int countingAddress = -1;
    private final java.util.Set<Integer> silent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<Integer, AtomicLong> requestsByUnit = new java.util.concurrent.ConcurrentHashMap<>();
    private ModbusTcpServer server;

    public ModbusSimulator(int port) {
        this.port = port == 0 ? freePort() : port;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized ModbusSimulator start() {
        server = ModbusTcpServer.create(NettyTcpServerTransport.create(c -> c.setBindAddress("127.0.0.1").setPort(port)
                .setPipelineCustomizer(pipeline -> {
                    // Whole MBAP frames (length at offset 4, 2 bytes), then the filter that swallows a silent unit's.
                    pipeline.addFirst("silent-units", new SilentUnits());
                    pipeline.addFirst("mbap-frames", new io.netty.handler.codec.LengthFieldBasedFrameDecoder(
                            260 + 7, 4, 2));
                })), this);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Modbus simulator on port " + port, e);
        }
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            server = null;
        }
    }

    public int port() {
        return port;
    }

    public long requests() {
        return requests.get();
    }

    /** Makes holding register {@code address} answer the number of holding-register reads so far (1, 2, 3, …). */
    public ModbusSimulator countReadsAt(int address) {
        this.countingAddress = address;
        return this;
    }

    /** Unit {@code unitId} stops answering (its requests are never answered) until {@link #revive}. */
    public void silence(int unitId) {
        silent.add(unitId);
    }

    public void revive(int unitId) {
        silent.remove(unitId);
    }

    /** Requests addressed to one unit so far. */
    public long requests(int unitId) {
        AtomicLong n = requestsByUnit.get(unitId);
        return n == null ? 0 : n.get();
    }

    public void setDelayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    public void setHolding(int address, int... values) {
        for (int i = 0; i < values.length; i++) {
            holding[address + i] = (short) values[i];
        }
    }

    public void setInput(int address, int... values) {
        for (int i = 0; i < values.length; i++) {
            input[address + i] = (short) values[i];
        }
    }

    public void setCoil(int address, boolean value) {
        coils[address] = value;
    }

    public void setDiscrete(int address, boolean value) {
        discrete[address] = value;
    }

    public int holding(int address) {
        return holding[address] & 0xFFFF;
    }

    public boolean coil(int address) {
        return coils[address];
    }

    private void pause(int unitId) {
        requests.incrementAndGet();
        long delay = delayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] registers(short[] image, int address, int quantity) {
        byte[] out = new byte[quantity * 2];
        for (int i = 0; i < quantity; i++) {
            out[i * 2] = (byte) (image[address + i] >> 8);
            out[i * 2 + 1] = (byte) image[address + i];
        }
        return out;
    }

    private static byte[] bits(boolean[] image, int address, int quantity) {
        byte[] out = new byte[(quantity + 7) / 8];
        for (int i = 0; i < quantity; i++) {
            if (image[address + i]) {
                out[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return out;
    }

    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(ModbusRequestContext context, int unitId,
                                                             ReadHoldingRegistersRequest request) {
        pause(unitId);
        if (countingAddress >= 0) {
            holding[countingAddress] = (short) requests.get();
        }
        return new ReadHoldingRegistersResponse(registers(holding, request.address(), request.quantity()));
    }

    @Override
    public ReadInputRegistersResponse readInputRegisters(ModbusRequestContext context, int unitId,
                                                         ReadInputRegistersRequest request) {
        pause(unitId);
        return new ReadInputRegistersResponse(registers(input, request.address(), request.quantity()));
    }

    @Override
    public ReadCoilsResponse readCoils(ModbusRequestContext context, int unitId, ReadCoilsRequest request) {
        pause(unitId);
        return new ReadCoilsResponse(bits(coils, request.address(), request.quantity()));
    }

    @Override
    public ReadDiscreteInputsResponse readDiscreteInputs(ModbusRequestContext context, int unitId,
                                                         ReadDiscreteInputsRequest request) {
        pause(unitId);
        return new ReadDiscreteInputsResponse(bits(discrete, request.address(), request.quantity()));
    }

    @Override
    public WriteSingleCoilResponse writeSingleCoil(ModbusRequestContext context, int unitId, WriteSingleCoilRequest request) {
        pause(unitId);
        coils[request.address()] = request.value() != 0;
        return new WriteSingleCoilResponse(request.address(), request.value());
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(ModbusRequestContext context, int unitId,
                                                           WriteSingleRegisterRequest request) {
        pause(unitId);
        holding[request.address()] = (short) request.value();
        return new WriteSingleRegisterResponse(request.address(), request.value());
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(ModbusRequestContext context, int unitId,
                                                                 WriteMultipleRegistersRequest request) {
        pause(unitId);
        byte[] v = request.values();
        for (int i = 0; i < request.quantity(); i++) {
            holding[request.address() + i] = (short) (((v[i * 2] & 0xFF) << 8) | (v[i * 2 + 1] & 0xFF));
        }
        return new WriteMultipleRegistersResponse(request.address(), request.quantity());
    }

    @Override
    public MaskWriteRegisterResponse maskWriteRegister(ModbusRequestContext context, int unitId,
                                                       MaskWriteRegisterRequest request) {
        pause(unitId);
        int current = holding[request.address()] & 0xFFFF;
        // Modbus spec 6.16: result = (current AND andMask) OR (orMask AND (NOT andMask)).
        holding[request.address()] = (short) ((current & request.andMask()) | (request.orMask() & ~request.andMask()));
        return new MaskWriteRegisterResponse(request.address(), request.andMask(), request.orMask());
    }

    @Override
    public void close() {
        stop();
    }

    /** Counts each request frame by unit and drops those of a silent unit: they are never answered. */
    private final class SilentUnits extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.buffer.ByteBuf frame && frame.readableBytes() >= 7) {
                int unit = frame.getUnsignedByte(frame.readerIndex() + 6);
                requestsByUnit.computeIfAbsent(unit, u -> new AtomicLong()).incrementAndGet();
                if (silent.contains(unit)) {
                    frame.release();
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
