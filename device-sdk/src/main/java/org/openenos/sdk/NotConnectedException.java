package org.openenos.sdk;

/** The client has no connection at the moment (it may be reconnecting); the request was not sent. */
public class NotConnectedException extends RuntimeException {
    public NotConnectedException(String message) {
        super(message);
    }

    public NotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
