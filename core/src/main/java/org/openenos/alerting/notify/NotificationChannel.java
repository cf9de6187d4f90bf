package org.openenos.alerting.notify;

/**
 * A way of telling someone about an alert (webhook, e-mail). {@link #render} is called once per delivery; the same
 * payload is sent on every retry and kept with the dead letter if every attempt fails.
 */
public interface NotificationChannel {
    /** The action type this channel serves, as in a rule's {@code actions[].type}. */
    String type();

    String render(Notification notification);

    /** Sends one attempt; throws when the receiver did not accept it. */
    void deliver(Notification notification, String payload) throws Exception;
}
