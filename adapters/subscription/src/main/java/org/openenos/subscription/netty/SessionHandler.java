package org.openenos.subscription.netty;

import static org.openenos.subscription.netty.SubscriptionMessages.AUTH_REQ;
import static org.openenos.subscription.netty.SubscriptionMessages.AUTH_RSP;
import static org.openenos.subscription.netty.SubscriptionMessages.CLOSE_REQ;
import static org.openenos.subscription.netty.SubscriptionMessages.COMMIT_REQ;
import static org.openenos.subscription.netty.SubscriptionMessages.IDLE_REQ;
import static org.openenos.subscription.netty.SubscriptionMessages.IDLE_RSP;
import static org.openenos.subscription.netty.SubscriptionMessages.PULL_REQ;
import static org.openenos.subscription.netty.SubscriptionMessages.PULL_RSP;
import static org.openenos.subscription.netty.SubscriptionMessages.SUB_REQ;
import static org.openenos.subscription.netty.SubscriptionMessages.SUB_RSP;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.openenos.error.OpenEnosException;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionService;
import org.openenos.subscription.netty.SubscriptionMessages.AuthReq;
import org.openenos.subscription.netty.SubscriptionMessages.SubReq;
import org.openenos.subscription.netty.SubscriptionMessages.TransferPkg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SDK connection: auth → sub → pull/commit. The protocol is strict request/response: exactly one answer per
 * auth, sub, pull and idle request, and none for a commit (an answer to a commit breaks both SDKs). Everything that
 * may block (the store look-up, a long-polling pull, the fsync of a commit) runs on the worker executor, never on the
 * event loop.
 */
final class SessionHandler extends SimpleChannelInboundHandler<byte[]> {
    /** PullRsp.code when messages expired before the group read them (no SDK reads the code; ours can). */
    static final int CODE_MESSAGES_EXPIRED = 410;
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final SubscriptionService service;
    private final SubscriptionEngine engine;
    private final ExecutorService workers;
    private final ListenerMetrics metrics;
    private volatile Subscription subscription;
    private volatile SubscriptionConsumer consumer;
    private volatile boolean closed;

    SessionHandler(SubscriptionService service, SubscriptionEngine engine, ExecutorService workers,
                   ListenerMetrics metrics) {
        this.service = service;
        this.engine = engine;
        this.workers = workers;
        this.metrics = metrics;
    }

    /* Added once the transport is known, when the channel is already active. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        metrics.connected();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
        TransferPkg pkg;
        Runnable work;
        try {
            pkg = TransferPkg.decode(frame);
            // payloads are decoded here, not on the worker, so a malformed one closes the connection at once
            // instead of leaving the client waiting for a reply that never comes
            work = switch (pkg.cmdId()) {
                case AUTH_REQ -> {
                    AuthReq req = AuthReq.decode(pkg.data());
                    yield () -> auth(ctx, req);
                }
                case SUB_REQ -> {
                    SubReq req = SubReq.decode(pkg.data());
                    yield () -> subscribe(ctx, req);
                }
                case PULL_REQ -> {
                    var pullId = SubscriptionMessages.pullId(pkg.data());
                    yield () -> pull(ctx, pullId);
                }
                case COMMIT_REQ -> {
                    var commits = SubscriptionMessages.commits(pkg.data());
                    yield () -> commit(commits);
                }
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            LOG.debug("undecodable frame from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
            return;
        }
        if (work != null) {
            workers.execute(work);
            return;
        }
        switch (pkg.cmdId()) {
            case IDLE_REQ -> reply(ctx, IDLE_RSP, SubscriptionMessages.idleRsp(System.currentTimeMillis()));
            case CLOSE_REQ -> ctx.close();
            default -> LOG.debug("ignoring cmdId {} from {}", pkg.cmdId(), ctx.channel().remoteAddress());
        }
    }

    private void auth(ChannelHandlerContext ctx, AuthReq req) {
        try {
            subscription = service.authenticate(req.accessKey(), req.subId(), req.sign(), req.subType());
            reply(ctx, AUTH_RSP, SubscriptionMessages.authRsp(0, null));
        } catch (OpenEnosException e) {
            metrics.authFailed();
            LOG.info("subscription auth refused for subId {} from {}: {}", req.subId(),
                    ctx.channel().remoteAddress(), e.getMessage());
            ctx.writeAndFlush(new TransferPkg(AUTH_RSP, SubscriptionMessages.authRsp(1, e.getMessage())).encode())
                    .addListener(ChannelFutureListener.CLOSE);
        } catch (RuntimeException e) {
            LOG.warn("subscription auth failed", e);
            ctx.writeAndFlush(new TransferPkg(AUTH_RSP, SubscriptionMessages.authRsp(2, "server error")).encode())
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void subscribe(ChannelHandlerContext ctx, SubReq req) {
        Subscription s = subscription;
        String refusal = s == null ? "not authenticated"
                : !s.subId().equals(req.subId()) || !s.accessKey().equals(req.accessKey())
                ? "subId or accessKey differ from the authenticated ones"
                : s.type().code() != req.category() ? "category differs from the subscription's subType" : null;
        if (refusal == null && consumer != null) {
            refusal = "already subscribed on this connection";
        }
        if (refusal != null) {
            reply(ctx, SUB_RSP, SubscriptionMessages.subRsp(1, null, refusal));
            return;
        }
        try {
            SubscriptionConsumer joined = engine.join(s.subId(), req.consumerGroup());
            if (closed) {
                joined.close();
                return;
            }
            consumer = joined;
            LOG.debug("consumer {} joined group '{}' of {} with partitions {}", req.clientId(),
                    req.consumerGroup(), s.subId(), joined.partitions());
            reply(ctx, SUB_RSP, SubscriptionMessages.subRsp(0, ctx.channel().id().asShortText(), null));
        } catch (OpenEnosException e) {
            reply(ctx, SUB_RSP, SubscriptionMessages.subRsp(1, null, e.getMessage()));
        }
    }

    private void pull(ChannelHandlerContext ctx, long id) {
        SubscriptionConsumer c = consumer;
        if (c == null) {
            // Still exactly one answer: an empty one.
            reply(ctx, PULL_RSP, SubscriptionMessages.pullRsp(id, 1, List.of()));
            return;
        }
        try {
            var pull = c.pull();
            metrics.delivered(pull.messages().size());
            reply(ctx, PULL_RSP, SubscriptionMessages.pullRsp(id,
                    pull.missed() > 0 ? CODE_MESSAGES_EXPIRED : 0, pull.messages()));
        } catch (OpenEnosException e) {
            // The subscription was deleted: answer, then close; the SDK's reconnect is then refused at auth.
            ctx.writeAndFlush(new TransferPkg(PULL_RSP, SubscriptionMessages.pullRsp(id, 404, List.of())).encode())
                    .addListener(ChannelFutureListener.CLOSE);
        } catch (RuntimeException e) {
            LOG.warn("pull of subscription {} failed", subscription == null ? "?" : subscription.subId(), e);
            reply(ctx, PULL_RSP, SubscriptionMessages.pullRsp(id, 2, List.of()));
        }
    }

    private void commit(List<SubscriptionMessages.Commit> commits) {
        SubscriptionConsumer c = consumer;
        Subscription s = subscription;
        if (c == null || s == null) {
            return;
        }
        var lastConsumed = new HashMap<Integer, Long>();
        for (var commit : commits) {
            if (commit.topic().equals(s.subId())) {
                lastConsumed.merge(commit.partition(), commit.offset(), Math::max);
            }
        }
        try {
            c.commit(lastConsumed);
        } catch (RuntimeException e) {
            LOG.warn("commit of subscription {} failed", s.subId(), e);
        }
    }

    private static void reply(ChannelHandlerContext ctx, int cmdId, byte[] data) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new TransferPkg(cmdId, data).encode());
        }
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("subscription connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
