package org.openenos.subscription.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.openenos.error.OpenEnosException;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionMessage;
import org.openenos.subscription.SubscriptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket/JSON door for browsers and scripts ({@code ws://host:9001/json}), on the same subscriptions, groups
 * and offsets as the SDK protocol. The client's first text message authenticates and joins a group:
 * {@code {"subId", "accessKey", "sign", "consumerGroup"}} (sign as the SDKs compute it); the server answers
 * {@code {"type":"subscribed", "partitions"}} or {@code {"type":"error"}} and closes. Then the server pushes
 * {@code {"type":"messages", "missed", "messages":[{partition, offset, timestamp, key, value}]}} (value as JSON),
 * pulling the next batch only while the connection is writable, so a slow reader slows only itself; the client
 * commits with {@code {"type":"commit", "offsets":{"<partition>": <last consumed offset>}}} (no answer).
 */
final class JsonStreamHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonStreamHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SubscriptionService service;
    private final SubscriptionEngine engine;
    private final ExecutorService workers;
    private final ListenerMetrics metrics;
    private volatile SubscriptionConsumer consumer;
    private volatile boolean joining;
    private volatile boolean closed;

    JsonStreamHandler(SubscriptionService service, SubscriptionEngine engine, ExecutorService workers,
                      ListenerMetrics metrics) {
        this.service = service;
        this.engine = engine;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        metrics.connected();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        JsonNode request;
        try {
            request = JSON.readTree(frame.text());
        } catch (RuntimeException e) {
            fail(ctx, 400, "not JSON");
            return;
        }
        if (consumer == null && !joining) {
            joining = true;
            workers.execute(() -> join(ctx, request));
        } else if ("commit".equals(request.path("type").asString(""))) {
            var offsets = new HashMap<Integer, Long>();
            request.path("offsets").properties().forEach(e -> offsets.put(Integer.parseInt(e.getKey()),
                    e.getValue().asLong()));
            SubscriptionConsumer c = consumer;
            if (c != null) {
                workers.execute(() -> c.commit(offsets));
            }
        }
    }

    private void join(ChannelHandlerContext ctx, JsonNode request) {
        Subscription s;
        try {
            String subId = request.path("subId").asString("");
            var found = service.authenticate(request.path("accessKey").asString(""), subId,
                    request.path("sign").asString(""), typeOf(subId));
            s = found;
            consumer = engine.join(s.subId(), request.path("consumerGroup").asString(null));
        } catch (OpenEnosException e) {
            metrics.authFailed();
            fail(ctx, 401, e.getMessage());
            return;
        }
        if (closed) {
            consumer.close();
            return;
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("type", "subscribed");
        answer.put("subId", s.subId());
        answer.put("subType", s.type().code());
        answer.put("partitions", consumer.partitions());
        ctx.writeAndFlush(new TextWebSocketFrame(JSON.writeValueAsString(answer)));
        push(ctx);
    }

    /* The JSON door has no subType in its request: the subscription's own type is the one that applies. */
    private int typeOf(String subId) {
        return service.typeOf(subId);
    }

    private void push(ChannelHandlerContext ctx) {
        while (!closed && ctx.channel().isActive()) {
            try {
                if (!ctx.channel().isWritable()) {
                    Thread.sleep(20);
                    continue;
                }
                var pull = consumer.pull();
                if (pull.messages().isEmpty() && pull.missed() == 0) {
                    continue;
                }
                metrics.delivered(pull.messages().size());
                ctx.writeAndFlush(new TextWebSocketFrame(batch(pull.messages(), pull.missed())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("JSON stream of a subscription failed", e);
                ctx.close();
                return;
            }
        }
    }

    private static String batch(List<SubscriptionMessage> messages, long missed) {
        var list = new java.util.ArrayList<Map<String, Object>>(messages.size());
        for (SubscriptionMessage m : messages) {
            var item = new LinkedHashMap<String, Object>();
            item.put("partition", m.partition());
            item.put("offset", m.offset());
            item.put("timestamp", m.timestamp());
            item.put("key", m.key());
            item.put("value", JSON.readTree(m.value()));
            list.add(item);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "messages");
        body.put("missed", missed);
        body.put("messages", list);
        return JSON.writeValueAsString(body);
    }

    private static void fail(ChannelHandlerContext ctx, int code, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "error");
        body.put("code", code);
        body.put("message", message);
        ctx.writeAndFlush(new TextWebSocketFrame(JSON.writeValueAsString(body)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        metrics.disconnected();
        SubscriptionConsumer c = consumer;
        if (c != null) {
            workers.execute(c::close);
        }
        super.channelInactive(ctx);
    }
}
