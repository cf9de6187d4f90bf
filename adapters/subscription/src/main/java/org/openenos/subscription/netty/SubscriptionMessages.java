package org.openenos.subscription.netty;

import java.util.ArrayList;
import java.util.List;
import org.openenos.subscription.SubscriptionMessage;

/**
 * The messages of the EnOS subscription protocol ({@code package proto}, proto2), field numbers as in the SDKs'
 * {@code sub.proto} and {@code common.proto}.
 */
final class SubscriptionMessages {
    static final int IDLE_REQ = 0;
    static final int IDLE_RSP = 1;
    static final int AUTH_REQ = 2;
    static final int AUTH_RSP = 3;
    static final int PULL_REQ = 4;
    static final int PULL_RSP = 5;
    static final int SUB_REQ = 6;
    static final int SUB_RSP = 7;
    static final int COMMIT_REQ = 8;
    static final int CLOSE_REQ = 10;

    private SubscriptionMessages() {
    }

    /** The envelope: {@code cmdId=1, data=2, seqId=3, zip=4, ver=5}. */
    record TransferPkg(int cmdId, byte[] data) {
        static TransferPkg decode(byte[] bytes) {
            var r = new ProtoReader(bytes);
            int cmdId = -1;
            byte[] data = new byte[0];
            boolean zip = false;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> cmdId = r.intValue();
                    case 2 -> data = r.bytesValue();
                    case 4 -> zip = r.boolValue();
                    default -> { }
                }
            }
            if (cmdId < 0) {
                throw new IllegalArgumentException("TransferPkg without cmdId");
            }
            if (zip) {
                data = gunzip(data);
            }
            return new TransferPkg(cmdId, data);
        }

        /* The SDKs send and read zip=false, seqId=0 and ver=0 and never decompress: answers are never zipped. */
        byte[] encode() {
            return new ProtoWriter().varint(1, cmdId).bytes(2, data).varint(3, 0).bool(4, false).varint(5, 0)
                    .toBytes();
        }
    }

    record AuthReq(String accessKey, String subId, String sign, int subType) {
        static AuthReq decode(byte[] bytes) {
            var r = new ProtoReader(bytes);
            String accessKey = "";
            String subId = "";
            String sign = "";
            int subType = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> accessKey = r.stringValue();
                    case 2 -> subId = r.stringValue();
                    case 3 -> sign = r.stringValue();
                    case 4 -> subType = r.intValue();
                    default -> { }
                }
            }
            return new AuthReq(accessKey, subId, sign, subType);
        }
    }

    record SubReq(int category, String clientId, String subId, String accessKey, String consumerGroup) {
        static SubReq decode(byte[] bytes) {
            var r = new ProtoReader(bytes);
            int category = 0;
            String clientId = "";
            String subId = "";
            String accessKey = "";
            String group = "";
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> category = r.intValue();
                    case 2 -> clientId = r.stringValue();
                    case 3 -> subId = r.stringValue();
                    case 4 -> accessKey = r.stringValue();
                    case 5 -> group = r.stringValue();
                    default -> { }
                }
            }
            return new SubReq(category, clientId, subId, accessKey, group);
        }
    }

    static long pullId(byte[] bytes) {
        var r = new ProtoReader(bytes);
        long id = 0;
        while (r.next()) {
            if (r.field() == 1) {
                id = r.longValue();
            }
        }
        return id;
    }

    record Commit(String topic, int partition, long offset) {
    }

    /** {@code CommitDTO{repeated Commit commits=1}}, {@code Commit{topic=1, partition=2, offset=3}}. */
    static List<Commit> commits(byte[] bytes) {
        var commits = new ArrayList<Commit>();
        var r = new ProtoReader(bytes);
        while (r.next()) {
            if (r.field() != 1) {
                continue;
            }
            var c = new ProtoReader(r.bytesValue());
            String topic = "";
            int partition = 0;
            long offset = 0;
            while (c.next()) {
                switch (c.field()) {
                    case 1 -> topic = c.stringValue();
                    case 2 -> partition = c.intValue();
                    case 3 -> offset = c.longValue();
                    default -> { }
                }
            }
            commits.add(new Commit(topic, partition, offset));
        }
        return commits;
    }

    static byte[] authRsp(int ack, String msg) {
        return new ProtoWriter().varint(1, ack).string(2, msg).toBytes();
    }

    static byte[] subRsp(int ack, String channelId, String msg) {
        return new ProtoWriter().varint(1, ack).string(2, channelId).string(3, msg).toBytes();
    }

    static byte[] idleRsp(long serverTime) {
        return new ProtoWriter().varint(1, serverTime).toBytes();
    }

    /** {@code PullRsp{id=1, code=2, msgDTO=3}}, {@code MessageDTO{repeated Message messages=1}}. */
    static byte[] pullRsp(long id, int code, List<SubscriptionMessage> messages) {
        var dto = new ProtoWriter();
        for (SubscriptionMessage m : messages) {
            dto.bytes(1, new ProtoWriter().string(1, m.topic()).varint(2, m.partition()).varint(3, m.offset())
                    .varint(4, m.timestamp()).string(5, m.key()).string(6, m.value()).toBytes());
        }
        return new ProtoWriter().varint(1, id).varint(2, code).bytes(3, dto.toBytes()).toBytes();
    }

    private static byte[] gunzip(byte[] data) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
            return in.readNBytes(4 << 20);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("zip=true but data is not gzip", e);
        }
    }
}
