package org.openenos.trust.bouncycastle;

import java.net.Socket;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.openenos.trust.CertificateAuthority;

/**
 * Accepts a device's client certificate when it chains to the installation's CA and is not revoked. The revocation
 * check is in-process (the CA's revocation set), so a revoked device is refused on its next handshake without CRL
 * or OCSP round trips. Only client certificates are judged here: the server never acts as a TLS client.
 */
public final class DeviceTrustManager extends X509ExtendedTrustManager {
    private final CertificateAuthority authority;
    private final Set<TrustAnchor> anchors;

    public DeviceTrustManager(CertificateAuthority authority) {
        this.authority = authority;
        this.anchors = authority.trustAnchors().stream().map(ca -> new TrustAnchor(ca, null))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("a client certificate is required");
        }
        X509Certificate leaf = chain[0];
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            // anchors are not part of the path: drop any CA certificate the client sent along
            var path = factory.generateCertPath(Arrays.stream(chain)
                    .filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList());
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false); // revocation is checked below, in process
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (java.security.GeneralSecurityException e) {
            throw new CertificateException("the client certificate is not issued by this platform: " + e.getMessage(), e);
        }
        if (authority.isRevoked(leaf.getSerialNumber().toString(16))) {
            throw new CertificateException("the client certificate " + leaf.getSerialNumber().toString(16)
                    + " is revoked");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager judges device client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authority.trustAnchors().toArray(X509Certificate[]::new);
    }
}
