package org.openenos.connectivity;

/** The credentials of an MQTT CONNECT (reference §1.2): username {@code deviceKey&productKey}, clientId, password. */
public record LoginAttempt(String username, String clientId, String password, boolean tls) {
    @Override
    public String toString() {
        // never log the password
        return "LoginAttempt[username=" + username + ", clientId=" + clientId + ", tls=" + tls + "]";
    }
}
