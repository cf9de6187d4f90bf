package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.DeviceSession;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.ResponseCodes;

/**
 * Pipeline stage "route": runs each request's use case on the worker executor and answers in arrival order. The
 * PUBACK of a request leaves only when its reply is known, so measure points are acknowledged once durable; a
 * retryable server failure (500) gets no PUBACK, so the device's QoS 1 retry applies.
 *
 * <p>Back-pressure: while {@code maxPending} requests of this connection are unanswered, or the connection used up
 * its messages for the current second, reading from the socket pauses instead of queueing without bound.
 */
final class MqttRequestHandler extends ChannelInboundHandlerAdapter {
    private final Connectivity connectivity;
    private final Executor workers;
    private final MessageCodec codec;
    private final MeterRegistry meters;
    private final int maxPending;
    private final int messagesPerSecond;

    private CompletableFuture<Void> lastAnswer = CompletableFuture.completedFuture(null);
    private int pending;
    /** A flush is queued on the event loop behind the answers already queued: one write syscall for all of them. */
    private boolean flushQueued;
    private long windowStart;
    private int windowCount;
    private boolean throttled;
    /** Messages decoded while throttled (already in the last read buffer): they wait for the next window. */
    private final java.util.ArrayDeque<MqttInbound> held = new java.util.ArrayDeque<>();
    /** Event-loop confined: looking the counter up in the registry per reply cost more than counting. */
    private final java.util.Map<Integer, io.micrometer.core.instrument.Counter> replyCounters =
            new java.util.HashMap<>();
    private final ReplyFrames replyFrames = new ReplyFrames();
    /** Null until the first answer; see {@link #plainFrames}. */
    private Boolean plainFrames;

    MqttRequestHandler(Connectivity connectivity, Executor workers, MessageCodec codec, MeterRegistry meters,
                       int maxPending, int messagesPerSecond) {
        this.connectivity = connectivity;
        this.workers = workers;
        this.codec = codec;
        this.meters = meters;
        this.maxPending = maxPending;
        this.messagesPerSecond = messagesPerSecond;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttInbound inbound)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (throttled || !admit(ctx)) {
            held.add(inbound);
            return;
        }
        process(ctx, inbound);
    }

    private void process(ChannelHandlerContext ctx, MqttInbound inbound) {
        DeviceSession session = ctx.channel().attr(ChannelAttributes.SESSION).get();
        CompletableFuture<Answer> answer = switch (inbound) {
            case MqttInbound.Rejected rejected -> {
                meters.counter("openenos.mqtt.requests", "result", "rejected").increment();
                yield CompletableFuture.completedFuture(new Answer(rejected.replyTopic(), rejected.reply()));
            }
            case MqttInbound.CommandReply reply -> CompletableFuture.supplyAsync(() -> {
                connectivity.router().dispatchReply(session, reply.route(), reply.reply());
                return new Answer(null, null);
            }, workers);
            case MqttInbound.RawRequest raw -> connectivity.raw() == null
                    ? CompletableFuture.completedFuture(new Answer(null, null))
                    : CompletableFuture.supplyAsync(
                                    () -> connectivity.raw().uplink(session, raw.route(), raw.payload()), workers)
                            .thenCompose(uplinked -> uplinked)
                            .thenApply(uplinked -> new Answer(raw.route().replyTopic(), uplinked.reply(),
                                    uplinked.frame()));
            case MqttInbound.RawCommandReply reply -> CompletableFuture.supplyAsync(() -> {
                if (connectivity.raw() != null) {
                    connectivity.raw().commandReply(session, reply.route(), reply.payload());
                }
                return new Answer(null, null);
            }, workers);
            // the reply topic is found on the event loop (answer), where the last one is remembered
            case MqttInbound.Request request -> dispatch(session, request).thenApply(Answer::toRequest);
        };
        pending++;
        if (pending >= maxPending) {
            ctx.channel().config().setAutoRead(false);
        }
        CompletableFuture<Answer> safe = answer.exceptionally(failure -> new Answer(null,
                DeviceReply.error(null, ResponseCodes.SERVER_ERROR, failure instanceof RejectedExecutionException
                        ? "server busy" : "internal error")));
        // chaining on the previous answer keeps replies and PUBACKs in arrival order
        lastAnswer = lastAnswer.thenCombine(safe, (previous, current) -> current)
                .thenAccept(current -> ctx.executor().execute(() -> answer(ctx, inbound, current)));
    }

    /**
     * On this event loop when the use case cannot block (a measure point post with product and model cached and room
     * in the log: one thread hand-off less per post, ADR 0063), else on a worker.
     */
    private CompletableFuture<DeviceReply> dispatch(DeviceSession session, MqttInbound.Request request) {
        var router = connectivity.router();
        if (router.dispatchesWithoutBlocking(session, request.route())) {
            try {
                return router.dispatch(session, request.route(), request.request());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> router.dispatch(session, request.route(), request.request()),
                workers).thenCompose(reply -> reply);
    }

    private void answer(ChannelHandlerContext ctx, MqttInbound inbound, Answer answer) {
        pending--;
        boolean retryable = answer.reply() != null && answer.reply().code() == ResponseCodes.SERVER_ERROR;
        boolean ack = inbound.needsAck() && !retryable;
        if (inbound instanceof MqttInbound.RawRequest) {
            if (answer.raw() != null && answer.topic() != null) {
                ctx.write(MqttMessageBuilders.publish().topicName(answer.topic()).qos(MqttQoS.AT_MOST_ONCE)
                        .retained(false).payload(io.netty.buffer.Unpooled.wrappedBuffer(answer.raw())).build());
            }
        } else if (answer.onRequestRoute() && answer.reply() != null
                && inbound instanceof MqttInbound.Request request) {
            DeviceReply reply = withId(answer.reply(), request.request().id());
            if (plainFrames(ctx)) {
                ctx.write(ReplyFrames.publishAndAck(ctx.alloc(), replyFrames.replyTopic(request.route()),
                        codec.encode(reply), ack ? inbound.packetId() : -1));
                ack = false;
            } else {
                writeReply(ctx, request.route().replyTopic(), reply);
            }
        } else if (answer.reply() != null && answer.topic() != null) {
            writeReply(ctx, answer.topic(), answer.reply());
        }
        if (ack) {
            // MQTT 5 hears the outcome as a reason code too (ADR 0042); the 3.1.1 encoder writes the packet id only
            ctx.write(MqttMessageBuilders.pubAck().packetId(inbound.packetId())
                    .reasonCode(MqttReasons.pubAck(inbound, answer.reply()).byteValue())
                    .properties(MqttReasons.isMqtt5(ctx.channel()) ? MqttReasons.reasonString(answer.reply())
                            : MqttProperties.NO_PROPERTIES)
                    .build());
        }
        if (!flushQueued) {
            flushQueued = true;
            ctx.executor().execute(() -> {
                flushQueued = false;
                ctx.flush();
            });
        }
        if (answer.reply() != null) {
            replyCounters.computeIfAbsent(answer.reply().code(),
                    code -> meters.counter("openenos.mqtt.replies", "code", Integer.toString(code))).increment();
        }
        if (pending < Math.max(1, maxPending / 2) && !throttled) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void writeReply(ChannelHandlerContext ctx, String topic, DeviceReply reply) {
        ctx.write(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE).retained(false)
                .payload(io.netty.buffer.Unpooled.wrappedBuffer(codec.encode(reply))).build());
    }

    /** The reply with the request's id (the use case may not know it); the same object when it already has it. */
    private static DeviceReply withId(DeviceReply reply, String id) {
        return java.util.Objects.equals(id, reply.id()) ? reply : reply.withId(id);
    }

    /**
     * Whether answers go out as bytes written here ({@link ReplyFrames}): MQTT 3.1.1 without payload compression.
     * Both are settled by the CONNECT, before the first request, so this is looked up once.
     */
    private boolean plainFrames(ChannelHandlerContext ctx) {
        if (plainFrames == null) {
            PayloadCompressionHandler compression = ctx.pipeline().get(PayloadCompressionHandler.class);
            plainFrames = !MqttReasons.isMqtt5(ctx.channel()) && (compression == null || !compression.compresses());
        }
        return plainFrames;
    }

    /**
     * Counts a message against the per-second budget of the connection. Beyond it, reading pauses until the window
     * ends; messages already decoded wait in {@link #held}, so the rate holds exactly and nothing is dropped.
     */
    private boolean admit(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
            windowStart = now;
            windowCount = 0;
        }
        if (windowCount < messagesPerSecond) {
            windowCount++;
            return true;
        }
        throttled = true;
        ctx.channel().config().setAutoRead(false);
        long resumeIn = TimeUnit.SECONDS.toNanos(1) - (now - windowStart);
        ctx.executor().schedule(() -> resume(ctx), resumeIn, TimeUnit.NANOSECONDS);
        return false;
    }

    private void resume(ChannelHandlerContext ctx) {
        throttled = false;
        while (!held.isEmpty()) {
            if (!admit(ctx)) {
                return;
            }
            process(ctx, held.poll());
        }
        if (pending < maxPending) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** What to send back: a JSON reply, or for the raw topics the binary frame the parsing script made. */
    private record Answer(String topic, DeviceReply reply, byte[] raw, boolean onRequestRoute) {
        Answer(String topic, DeviceReply reply) {
            this(topic, reply, null, false);
        }

        Answer(String topic, DeviceReply reply, byte[] raw) {
            this(topic, reply, raw, false);
        }

        /** The use case's answer to a request: it goes to the reply topic of the request's route. */
        static Answer toRequest(DeviceReply reply) {
            return new Answer(null, reply, null, true);
        }
    }
}
