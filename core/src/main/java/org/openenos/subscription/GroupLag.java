package org.openenos.subscription;

import java.util.List;

/**
 * The state of one consumer group of a subscription: per partition the log end, the committed offset (-1 when none)
 * and the messages not yet committed; the connected consumers; messages delivered since start and messages that
 * expired before the group read them.
 */
public record GroupLag(String consumerGroup, List<PartitionLag> partitions, long lag, int connectedConsumers,
                       long deliveredMessages, long missedMessages) {

    public record PartitionLag(int partition, long endOffset, long committedOffset, long lag) {
    }
}
