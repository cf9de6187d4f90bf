package org.openenos.connectivity;

/**
 * Which certificates a device may log in with over TLS (ADR 0040): one that names its device key, or one the
 * platform CA issued for that device (its serial number is recorded at issue time).
 */
@FunctionalInterface
public interface CertificateBinding {
    /** True when the certificate with this serial number was issued for the device and is not revoked. */
    boolean issuedFor(String assetId, String serialNumber);

    /**
     * True when the certificate is revoked. Checked again at login because a resumed TLS session skips the
     * handshake's certificate check.
     */
    default boolean revoked(String serialNumber) {
        return false;
    }

    /** Used when no certificate authority is wired: only certificates naming the device key are bound. */
    CertificateBinding NAME_ONLY = (assetId, serialNumber) -> false;

    static CertificateBinding of(java.util.function.BiPredicate<String, String> issuedFor,
                                 java.util.function.Predicate<String> revoked) {
        return new CertificateBinding() {
            @Override
            public boolean issuedFor(String assetId, String serialNumber) {
                return issuedFor.test(assetId, serialNumber);
            }

            @Override
            public boolean revoked(String serialNumber) {
                return revoked.test(serialNumber);
            }
        };
    }
}
