package org.openenos.connectivity.mqtt;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses between the server's RSA and ECC certificates so that every device gets one it can verify: the RSA one
 * whenever the client can take it (devices trust the CA of their own key type, and RSA is what every device that is
 * not in ECC mode expects), the ECC one only when the client cannot. In TLS 1.2 the cipher suite decides the key
 * type and the listener orders its ECDHE-RSA suites first, so a client offering only ECDHE-ECDSA suites (the EnOS
 * SDKs' ECC mode) is the one that lands here asking for "EC". In TLS 1.3 the JDK asks in the client's signature
 * scheme order, where ECDSA usually comes first: an EC request is declined while the client also accepts RSA
 * signatures, so the RSA certificate is chosen next.
 */
final class RsaFirstKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;

    RsaFirstKeyManager(X509ExtendedKeyManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (isEllipticCurve(keyType) && hasRsa(issuers) && clientAcceptsRsaInTls13(engine.getHandshakeSession())) {
            return null;
        }
        return delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    private boolean hasRsa(Principal[] issuers) {
        String[] aliases = delegate.getServerAliases("RSA", issuers);
        return aliases != null && aliases.length > 0;
    }

    private static boolean isEllipticCurve(String keyType) {
        return keyType != null && keyType.toUpperCase(Locale.ROOT).startsWith("EC");
    }

    private static boolean clientAcceptsRsaInTls13(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended) || !"TLSv1.3".equals(session.getProtocol())) {
            return false;
        }
        return Arrays.stream(extended.getPeerSupportedSignatureAlgorithms())
                .anyMatch(name -> name.toLowerCase(Locale.ROOT).contains("rsa"));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }
}
