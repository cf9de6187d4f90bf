package org.openenos.connectivity.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicRoute;

/**
 * CPU per message of the gateway's decode (MQTT decoder, topic, JSON) and answer (reply JSON, PUBLISH + PUBACK)
 * steps on one thread, without sockets: a figure that the machine's load does not move much, for A/B of builds. Not
 * a test; run against the libraries of a server jar (docs/benchmarks.md, "The gateway's event loop per message").
 * It uses {@code ReplyFrames} when the build has it, else the MQTT encoder, so it runs against older builds too.
 */
public class GatewayPathBenchmark {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        MessageCodec codec = new MessageCodec();
        EmbeddedChannel in = new EmbeddedChannel(new MqttDecoder(65536), new MqttPublishDecoder(codec, 65536, 16));
        EmbeddedChannel out = new EmbeddedChannel(MqttEncoder.INSTANCE);
        String topic = "/sys/prodKey01/device0042/thing/measurepoint/post";
        EmbeddedChannel enc = new EmbeddedChannel(MqttEncoder.INSTANCE);
        Class<?> frames = null;
        try { frames = Class.forName("org.openenos.connectivity.mqtt.ReplyFrames"); } catch (ClassNotFoundException e) { }
        Object framesInstance = null; Method replyTopic = null, publishAndAck = null;
        if (frames != null) {
            var c = frames.getDeclaredConstructor(); c.setAccessible(true); framesInstance = c.newInstance();
            replyTopic = frames.getDeclaredMethod("replyTopic", TopicRoute.class); replyTopic.setAccessible(true);
            publishAndAck = frames.getDeclaredMethod("publishAndAck", ByteBufAllocator.class, byte[].class, byte[].class, int.class);
            publishAndAck.setAccessible(true);
        }
        var bean = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 6; round++) {
            long decode = 0, answer = 0;
            for (int i = 0; i < n; i++) {
                int id = i % 65535;
                String body = "{\"id\":\"" + i + "\",\"version\":\"1.0\",\"method\":\"thing.measurepoint.post\",\"params\":{\"measurepoints\":{\"p0\":"
                        + (i * 0.5) + ",\"p1\":" + (i % 1000) + ".25,\"p2\":" + (i % 77) + ".75},\"time\":1733577600000}}";
                enc.writeOutbound(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(id + 1)
                        .payload(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))).build());
                ByteBuf encoded = enc.readOutbound();
                long t0 = bean.getCurrentThreadCpuTime();
                in.writeInbound(encoded);
                MqttInbound.Request request = in.readInbound();
                long t1 = bean.getCurrentThreadCpuTime();
                byte[] json = codec.encode(DeviceReply.ok(request.request().id(), Map.of()));
                if (frames != null) {
                    ByteBuf frame = (ByteBuf) publishAndAck.invoke(null, ByteBufAllocator.DEFAULT,
                            replyTopic.invoke(framesInstance, request.route()), json, request.packetId());
                    frame.release();
                } else {
                    out.writeOutbound(MqttMessageBuilders.publish().topicName(request.route().replyTopic())
                            .qos(MqttQoS.AT_MOST_ONCE).retained(false).payload(Unpooled.wrappedBuffer(json)).build());
                    out.writeOutbound(MqttMessageBuilders.pubAck().packetId(request.packetId()).build());
                    for (Object o; (o = out.readOutbound()) != null; ) ReferenceCountUtil.release(o);
                }
                long t2 = bean.getCurrentThreadCpuTime();
                decode += t1 - t0; answer += t2 - t1;
            }
            System.out.printf("round %d: decode %.2f µs, answer %.2f µs per message%n", round, decode / 1e3 / n, answer / 1e3 / n);
        }
    }
}
