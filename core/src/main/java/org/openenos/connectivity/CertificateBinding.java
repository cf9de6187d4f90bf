package org.openenos.connectivity;

/**
 * Which certificates a device may log in with over TLS (ADR 0040): one that names its device key, or one the
 * platform CA issued for that device (its serial number is recorded at issue time).
 */
@FunctionalInterface
public interface CertificateBinding {
    /** True when the certificate with this serial number was issued for the device and is not revoked. */
    boolean issuedFor(String assetId, String serialNumber);

    /** Used when no certificate authority is wired: only certificates naming the device key are bound. */
    CertificateBinding NAME_ONLY = (assetId, serialNumber) -> false;
}
