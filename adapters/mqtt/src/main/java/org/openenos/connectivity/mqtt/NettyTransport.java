package org.openenos.connectivity.mqtt;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket transport of the gateway's event loops: Netty's native epoll on Linux x86-64, where its library loads,
 * else Java NIO (other systems and architectures). Epoll reads and writes without the selector's per-wake-up garbage
 * and with fewer system calls; the gateway's CPU per message is what it saves (ADR 0132). Setting the system property
 * {@code io.netty.transport.noNative=true} turns it off.
 */
enum NettyTransport {
    EPOLL, NIO;

    static NettyTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    IoHandlerFactory ioHandlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
