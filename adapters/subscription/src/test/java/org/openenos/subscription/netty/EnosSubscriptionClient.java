package org.openenos.subscription.netty;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the EnOS data subscription protocol written from the protocol description only (what the EnOS SDKs
 * send and read), with its own protobuf encoding: raw TCP with varint length prefixes as the .NET SDK, or binary
 * WebSocket messages as the Python SDK. Like the SDKs it reads "the next frame" as the answer to its request.
 */
public final class EnosSubscriptionClient implements AutoCloseable {
    public record Message(String topic, int partition, long offset, long timestamp, String key, String value) {
    }

    public record PullResponse(long id, int code, List<Message> messages) {
    }

    private interface Transport extends AutoCloseable {
        void send(byte[] frame) throws IOException;

        byte[] receive(long timeoutMillis) throws IOException;

        void kill();

        @Override
        void close();
    }

    private final Transport transport;
    private long pullId;

    private EnosSubscriptionClient(Transport transport) {
        this.transport = transport;
    }

    public static EnosSubscriptionClient tcp(int port) throws IOException {
        return new EnosSubscriptionClient(new TcpTransport(new Socket("127.0.0.1", port)));
    }

    public static EnosSubscriptionClient webSocket(int port) {
        return new EnosSubscriptionClient(new WebSocketTransport(port));
    }

    public static String sign(String accessKey, String secret, String subId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    ("access_key" + accessKey + "access_secret" + secret + "sub_id" + subId)
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** AuthReq{accessKey=1, subId=2, sign=3, subType=4} → AuthRsp{ack=1, msg=2}: returns ack. */
    public int auth(String accessKey, String secret, String subId, int subType) throws IOException {
        send(2, new Writer().string(1, accessKey).string(2, subId).string(3, sign(accessKey, secret, subId))
                .varint(4, subType).bytes());
        Map<Integer, Object> rsp = fields(expect(3));
        return ((Long) rsp.getOrDefault(1, -1L)).intValue();
    }

    /** SubReq{category=1, clientId=2, subId=3, accessKey=4, consumerGroup=5} → SubRsp{ack=1}: returns ack. */
    public int subscribe(int category, String subId, String accessKey, String group) throws IOException {
        send(6, new Writer().varint(1, category).string(2, "test-host").string(3, subId).string(4, accessKey)
                .string(5, group).bytes());
        return ((Long) fields(expect(7)).getOrDefault(1, -1L)).intValue();
    }

    public PullResponse pull() throws IOException {
        long id = ++pullId;
        send(4, new Writer().varint(1, id).bytes());
        byte[] data = expect(5);
        long rspId = 0;
        int code = 0;
        var messages = new ArrayList<Message>();
        var r = new Reader(data);
        while (r.next()) {
            switch (r.field) {
                case 1 -> rspId = r.varint;
                case 2 -> code = (int) r.varint;
                case 3 -> {
                    var dto = new Reader(r.bytes);
                    while (dto.next()) {
                        if (dto.field == 1) {
                            messages.add(message(dto.bytes));
                        }
                    }
                }
                default -> { }
            }
        }
        return new PullResponse(rspId, code, messages);
    }

    public long pullsSent() {
        return pullId;
    }

    /** Pulls until {@code count} messages came or {@code maxPulls} pulls were made. */
    public List<Message> pullUntil(int count, int maxPulls) throws IOException {
        var all = new ArrayList<Message>();
        for (int i = 0; i < maxPulls && all.size() < count; i++) {
            all.addAll(pull().messages());
        }
        return all;
    }

    /** CommitDTO{commits=1: Commit{topic=1, partition=2, offset=3}}, the last message per partition; no answer. */
    public void commit(List<Message> consumed) throws IOException {
        var last = new LinkedHashMap<Integer, Message>();
        consumed.forEach(m -> last.put(m.partition(), m));
        var dto = new Writer();
        last.values().forEach(m -> dto.bytes(1, new Writer().string(1, m.topic()).varint(2, m.partition())
                .varint(3, m.offset()).bytes()));
        send(8, dto.bytes());
    }

    public long idle() throws IOException {
        send(0, new byte[0]);
        return (Long) fields(expect(1)).getOrDefault(1, 0L);
    }

    /** Whether the server closed the connection (nothing more to read). */
    public boolean closedByServer() {
        try {
            return transport.receive(3000) == null;
        } catch (IOException e) {
            return true;
        }
    }

    public void kill() {
        transport.kill();
    }

    @Override
    public void close() {
        transport.close();
    }

    private void send(int cmdId, byte[] data) throws IOException {
        transport.send(new Writer().varint(1, cmdId).bytes(2, data).varint(3, 0).varint(4, 0).varint(5, 0)
                .bytes());
    }

    private byte[] expect(int cmdId) throws IOException {
        byte[] frame = transport.receive(9000);
        if (frame == null) {
            throw new IOException("connection closed while waiting for cmdId " + cmdId);
        }
        var r = new Reader(frame);
        int got = -1;
        byte[] data = new byte[0];
        while (r.next()) {
            if (r.field == 1) {
                got = (int) r.varint;
            } else if (r.field == 2) {
                data = r.bytes;
            }
        }
        if (got != cmdId) {
            throw new IOException("expected cmdId " + cmdId + " but got " + got);
        }
        return data;
    }

    private static Message message(byte[] bytes) {
        var f = fields(bytes);
        return new Message(str(f.get(1)), ((Long) f.getOrDefault(2, 0L)).intValue(), (Long) f.getOrDefault(3, 0L),
                (Long) f.getOrDefault(4, 0L), str(f.get(5)), str(f.get(6)));
    }

    private static String str(Object bytes) {
        return bytes == null ? null : new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    private static Map<Integer, Object> fields(byte[] data) {
        var map = new LinkedHashMap<Integer, Object>();
        var r = new Reader(data);
        while (r.next()) {
            map.put(r.field, r.wireType == 0 ? (Object) r.varint : r.bytes);
        }
        return map;
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Writer string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;
        int field;
        int wireType;
        long varint;
        byte[] bytes;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean next() {
            if (pos >= data.length) {
                return false;
            }
            long tag = raw();
            field = (int) (tag >>> 3);
            wireType = (int) (tag & 7);
            if (wireType == 0) {
                varint = raw();
            } else if (wireType == 2) {
                int n = (int) raw();
                bytes = java.util.Arrays.copyOfRange(data, pos, pos + n);
                pos += n;
            } else {
                throw new IllegalStateException("wire type " + wireType);
            }
            return true;
        }

        private long raw() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = data[pos++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
        }
    }

    /** .NET SDK style: TransferPkg with a base-128 varint length prefix over a plain socket. */
    private static final class TcpTransport implements Transport {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        TcpTransport(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(socket.getInputStream());
        }

        @Override
        public void send(byte[] frame) throws IOException {
            var prefixed = new ByteArrayOutputStream();
            int n = frame.length;
            while ((n & ~0x7F) != 0) {
                prefixed.write((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            prefixed.write(n);
            prefixed.writeBytes(frame);
            out.write(prefixed.toByteArray());
            out.flush();
        }

        @Override
        public byte[] receive(long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) timeoutMillis);
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            byte[] frame = new byte[length];
            in.readFully(frame);
            return frame;
        }

        @Override
        public void kill() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // gone already
            }
        }

        @Override
        public void close() {
            kill();
        }
    }

    /** Python SDK style: ws://host:port with no path, one TransferPkg per binary message. */
    private static final class WebSocketTransport implements Transport, WebSocket.Listener {
        private static final byte[] CLOSED = new byte[0];
        private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final HttpClient http = HttpClient.newHttpClient();
        private final WebSocket ws;

        WebSocketTransport(int port) {
            ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port), this).join();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                received.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(CLOSED);
        }

        @Override
        public void send(byte[] frame) {
            ws.sendBinary(ByteBuffer.wrap(frame), true).join();
        }

        @Override
        public byte[] receive(long timeoutMillis) throws IOException {
            try {
                byte[] frame = received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    throw new IOException("no answer within " + timeoutMillis + " ms");
                }
                return frame == CLOSED ? null : frame;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void kill() {
            ws.abort();
            http.close();
        }

        @Override
        public void close() {
            kill();
        }
    }

}
