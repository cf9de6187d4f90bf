package org.openenos.connectivity;

/**
 * The credentials of an MQTT CONNECT (reference §1.2): username {@code deviceKey&productKey}, clientId, password,
 * and over TLS the verified client certificate (reference §1.4: the signature is still sent over TLS).
 */
public record LoginAttempt(String username, String clientId, String password, boolean tls,
                           ClientCertificate certificate) {

    public LoginAttempt(String username, String clientId, String password, boolean tls) {
        this(username, clientId, password, tls, null);
    }

    @Override
    public String toString() {
        // never log the password
        return "LoginAttempt[username=" + username + ", clientId=" + clientId + ", tls=" + tls + "]";
    }
}
