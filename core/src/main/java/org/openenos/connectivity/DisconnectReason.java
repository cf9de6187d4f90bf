package org.openenos.connectivity;

/**
 * Why the server ends a device's connection, for transports that can tell the device (an MQTT 5 DISCONNECT carries
 * a reason code; MQTT 3.1.1 and HTTP just close).
 */
public enum DisconnectReason {
    /** The same device logged in again on another connection. */
    SESSION_TAKEN_OVER,
    /** The client certificate the connection was authenticated with has been revoked. */
    CERTIFICATE_REVOKED,
    /** The device's key and secret were replaced ({@code replaceDevice}): the old credentials no longer log in. */
    CREDENTIALS_REPLACED
}
