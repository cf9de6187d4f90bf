package org.openenos.sdk;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Socket factories for X.509 two-way TLS (reference §1.4): the device's key and certificate in one key store, the
 * platform's CA in a trust store. The EnOS SDK does not verify host names by default; neither does Paho unless asked.
 */
public final class TlsSocketFactories {
    private TlsSocketFactories() {
    }

    public static SSLSocketFactory twoWay(KeyStore deviceKeys, char[] keyPassword, KeyStore trustedCa) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(deviceKeys, keyPassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustedCa);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context from the given key material", e);
        }
    }
}
