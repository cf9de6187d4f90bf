package org.openenos.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;

/**
 * Closed-loop device load on one Netty event loop (issue 23's shape): every device keeps {@code inflight} QoS 1
 * {@code thing.measurepoint.post} messages outstanding and sends the next as soon as one is answered: against
 * OpenEnOS by its {@code _reply} (code 200 counts, anything else is a failure), against a plain broker by the
 * PUBACK. A single thread and no MQTT client library keep the generator's own CPU per message small, so the
 * server's CPU per message (from /proc, over the measured phase) is the figure to compare.
 */
final class InflightLoad {
    private static final int RING = 1024;

    private final BenchOptions options;
    private final List<Device> devices = new ArrayList<>();
    private final Histogram latency = new Histogram(60_000_000L, 3);
    private long acknowledged;
    private long failed;
    /** Posts sent and not yet answered, and when the last answer came (event-loop confined, for the drain time). */
    private long outstanding;
    private long lastAnswerNanos;
    private boolean measuring;
    private EventLoopGroup eventLoop;
    private volatile boolean running = true;

    InflightLoad(BenchOptions options) {
        this.options = options;
    }

    String run() throws Exception {
        List<OpenEnosFixture.BenchDevice> identities;
        if (options.openenos()) {
            identities = OpenEnosFixture.provision(options.api(), options.adminPassword(), options.devices(),
                    options.points()).devices();
        } else {
            identities = new ArrayList<>();
            for (int i = 0; i < options.devices(); i++) {
                identities.add(new OpenEnosFixture.BenchDevice("benchpk", "bench-%05d".formatted(i), "none", null));
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        eventLoop = group;
        try {
            URI broker = URI.create(options.mqttUris().getFirst());
            CountDownLatch connected = new CountDownLatch(identities.size());
            long connectStart = System.nanoTime();
            for (int i = 0; i < identities.size(); i++) {
                Device device = new Device(identities.get(i), connected);
                devices.add(device);
                new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, device);
                            }
                        })
                        .connect(new InetSocketAddress(broker.getHost(), broker.getPort()),
                                new InetSocketAddress("127.0.0." + (1 + i / 900), 0));
            }
            if (!connected.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException(connected.getCount() + " devices did not connect");
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            group.submit(() -> devices.forEach(Device::fill)).get();
            Thread.sleep(options.warmupSeconds() * 1000L);
            group.submit(() -> {
                measuring = true;
                latency.reset();
                acknowledged = 0;
                failed = 0;
            }).get();
            StoredProbe stored = options.stored().isEmpty() ? null : new StoredProbe(options.stored());
            StoredProbe.Sample storedAtStart = stored == null ? null : stored.sample();
            if (stored != null) {
                stored.startSampling(Duration.ofSeconds(1));
            }
            ProcessStats before = ProcessStats.of(options.serverPids());
            Map<String, Double> threadsBefore = ThreadCpu.of(options.serverPids());
            long start = System.nanoTime();
            Thread.sleep(options.seconds() * 1000L);
            ProcessStats after = ProcessStats.of(options.serverPids());
            Map<String, Double> threadsAfter = ThreadCpu.of(options.serverPids());
            double elapsed = (System.nanoTime() - start) / 1e9;
            double acknowledgedPointsPerSecond = group.submit(() -> acknowledged * options.points() / elapsed).get();
            String report = group.submit(() -> {
                measuring = false;
                running = false;
                return report(elapsed, connectSeconds, before, after)
                        + ThreadCpu.perMessage(threadsBefore, threadsAfter, acknowledged);
            }).get();
            if (stored != null) {
                report += drain(stored, storedAtStart, before, acknowledgedPointsPerSecond);
            }
            devices.forEach(d -> d.channel.close());
            return report;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * After the load stopped: waits for the answers of the posts still in flight, then until the server has stored
     * everything it acknowledged, and reports the stored rate over the whole window and the drain time.
     */
    private String drain(StoredProbe stored, StoredProbe.Sample atStart, ProcessStats before,
                         double acknowledgedPointsPerSecond) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (group(() -> outstanding) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long lastAnswer = group(() -> lastAnswerNanos);
        StoredProbe.Sample drained = stored.awaitDrained(Duration.ofSeconds(options.drainSeconds()));
        stored.stopSampling();
        ProcessStats end = ProcessStats.of(options.serverPids());
        return stored.report(atStart, drained, lastAnswer, options.points(), acknowledgedPointsPerSecond,
                end.cpuSeconds() - before.cpuSeconds());
    }

    private long group(java.util.concurrent.Callable<Long> read) throws Exception {
        return eventLoop.submit(read).get();
    }

    private String report(double elapsed, double connectSeconds, ProcessStats before, ProcessStats after) {
        double cpu = after.cpuSeconds() - before.cpuSeconds();
        return """
                run        %s inflight=%d (closed loop, one Netty thread)
                connect    %d connections in %.1f s
                answered   %d, failed %d
                throughput %.0f messages/s, %.0f points/s
                ack (ms)   p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f
                server     %.2f CPU s over %.1f s (%.0f %% of a core), %.2f µs CPU/message, RSS %d MB
                """.formatted(options.describe(), options.inflight(), devices.size(), connectSeconds, acknowledged,
                failed, acknowledged / elapsed, acknowledged * options.points() / elapsed, ms(50), ms(90), ms(99),
                ms(99.9), latency.getMaxValue() / 1000.0, cpu, elapsed, cpu * 100 / elapsed,
                acknowledged == 0 ? 0 : cpu * 1e6 / acknowledged, after.rssBytes() / (1024 * 1024));
    }

    private double ms(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** One device connection; all its state is confined to the event loop. */
    private final class Device extends SimpleChannelInboundHandler<MqttMessage> {
        private final OpenEnosFixture.BenchDevice identity;
        private final CountDownLatch connected;
        private final long[] sentAt = new long[RING];
        private final byte[] topic;
        private final String topicName;
        private Channel channel;
        private long next;

        Device(OpenEnosFixture.BenchDevice identity, CountDownLatch connected) {
            this.identity = identity;
            this.connected = connected;
            this.topicName = "/sys/%s/%s/thing/measurepoint/post".formatted(identity.productKey(),
                    identity.deviceKey());
            this.topic = topicName.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            String timestamp = Long.toString(System.currentTimeMillis());
            String clientId = identity.deviceKey() + "|securemode=2,signmethod=sha256,timestamp=" + timestamp + "|";
            String password = options.openenos()
                    ? DeviceSigner.sign(Map.of("clientId", identity.deviceKey(), "deviceKey", identity.deviceKey(),
                    "productKey", identity.productKey(), "timestamp", timestamp), identity.deviceSecret(),
                    SignMethod.SHA256)
                    : "none";
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                    .clientId(clientId).cleanSession(true).keepAlive(60).hasUser(true)
                    .username(identity.deviceKey() + "&" + identity.productKey()).hasPassword(true)
                    .password(password.getBytes(StandardCharsets.UTF_8)).build());
        }

        void fill() {
            for (int i = 0; i < options.inflight(); i++) {
                send(false);
            }
            channel.flush();
        }

        private void send(boolean flush) {
            if (!running || !channel.isActive()) {
                return;
            }
            long seq = ++next;
            long now = System.currentTimeMillis();
            StringBuilder json = new StringBuilder(160).append("{\"id\":\"").append(seq)
                    .append("\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\",\"params\":{\"measurepoints\":{");
            for (int p = 0; p < options.points(); p++) {
                if (p > 0) {
                    json.append(',');
                }
                json.append("\"p").append(p).append("\":").append((seq % 10_000 + p) / 100.0);
            }
            json.append("},\"time\":").append(now).append("}}");
            ByteBuf payload = Unpooled.wrappedBuffer(json.toString().getBytes(StandardCharsets.UTF_8));
            sentAt[(int) (seq % RING)] = System.nanoTime();
            outstanding++;
            MqttPublishMessage publish = MqttMessageBuilders.publish().topicName(topicName).qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId((int) (seq % 65_535) + 1).payload(payload).build();
            if (flush) {
                channel.writeAndFlush(publish, channel.voidPromise());
            } else {
                channel.write(publish, channel.voidPromise());
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            MqttMessageType type = msg.fixedHeader().messageType();
            switch (type) {
                case CONNACK -> {
                    MqttConnectReturnCode code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
                    if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                        System.err.println(identity.deviceKey() + " refused: " + code);
                        ctx.close();
                    } else {
                        connected.countDown();
                    }
                }
                case PUBACK -> {
                    if (!options.openenos()) {
                        int id = ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
                        // message id = seq % 65535 + 1; with a few in flight the newest seq with that id is it
                        long seq = next - ((next % 65_535) + 1 - id + 65_535) % 65_535;
                        answered(seq, true);
                    }
                }
                case PUBLISH -> {
                    if (options.openenos()) {
                        String reply = ((MqttPublishMessage) msg).payload().toString(StandardCharsets.UTF_8);
                        answered(Long.parseLong(field(reply, "\"id\":\"", '"')),
                                "200".equals(field(reply, "\"code\":", ',')));
                    }
                }
                default -> {
                }
            }
        }

        private void answered(long seq, boolean ok) {
            outstanding--;
            lastAnswerNanos = System.nanoTime();
            if (measuring) {
                if (ok) {
                    acknowledged++;
                    latency.recordValue(Math.min((System.nanoTime() - sentAt[(int) (seq % RING)]) / 1000,
                            latency.getHighestTrackableValue()));
                } else {
                    failed++;
                }
            }
            send(true);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println(identity.deviceKey() + ": " + cause);
            ctx.close();
        }
    }

    private static String field(String json, String prefix, char end) {
        int from = json.indexOf(prefix);
        if (from < 0) {
            return "";
        }
        from += prefix.length();
        int to = from;
        while (to < json.length() && json.charAt(to) != end && json.charAt(to) != '}') {
            to++;
        }
        return json.substring(from, to).strip();
    }
}
