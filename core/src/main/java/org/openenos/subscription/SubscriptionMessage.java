package org.openenos.subscription;

/**
 * One message of a subscription's log as a consumer receives it: {@code topic} is the subId, {@code key} the asset
 * id (its partition keeps one asset's messages in order), {@code timestamp} the append time in epoch ms and
 * {@code value} the JSON document in the EnOS shape of the subscription's type.
 */
public record SubscriptionMessage(String topic, int partition, long offset, long timestamp, String key,
                                  String value) {
}
