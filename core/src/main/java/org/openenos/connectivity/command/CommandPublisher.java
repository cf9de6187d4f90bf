package org.openenos.connectivity.command;

/** Delivers an encoded command to a connected device, implemented by the device transports. */
@FunctionalInterface
public interface CommandPublisher {
    /** True when the device (or the gateway it is logged in through) is connected and the message was handed over. */
    boolean publish(String productKey, String deviceKey, String topic, byte[] payload);
}
