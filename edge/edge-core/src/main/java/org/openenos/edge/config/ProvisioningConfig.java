package org.openenos.edge.config;

/**
 * Zero-touch provisioning (reference §1.3, §1.4; ADR 0053): with this block the edge activates itself with the
 * product secret if it has no device secret yet, obtains its own certificate from the cloud's CA at {@code url}
 * (the server's HTTP address) and from then on connects only over mutual TLS on {@code tlsPort}. The key and
 * certificate live in {@code <state>/identity.p12}, readable by the edge's user only; the certificate is renewed once
 * {@code renewAtFraction} of its validity has passed, checked every {@code checkIntervalMillis}.
 */
public record ProvisioningConfig(String url, Integer tlsPort, KeyType keyType, Integer validDays,
                                 Double renewAtFraction, Long checkIntervalMillis) {
    public enum KeyType { RSA, EC }

    public ProvisioningConfig {
        Checks.require(url, "cloud.provisioning.url");
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        tlsPort = tlsPort == null ? 18883 : tlsPort;
        keyType = keyType == null ? KeyType.EC : keyType;
        validDays = validDays == null ? 365 : validDays;
        renewAtFraction = renewAtFraction == null ? 2.0 / 3 : renewAtFraction;
        checkIntervalMillis = checkIntervalMillis == null ? 3_600_000L : checkIntervalMillis;
        Checks.check(tlsPort > 0 && tlsPort < 65536, "cloud.provisioning.tlsPort must be 1..65535");
        Checks.check(validDays >= 1 && validDays <= 730, "cloud.provisioning.validDays must be 1..730");
        Checks.check(renewAtFraction > 0 && renewAtFraction < 1, "cloud.provisioning.renewAtFraction must be in (0, 1)");
        Checks.check(checkIntervalMillis >= 1000, "cloud.provisioning.checkIntervalMillis must be at least 1000");
    }
}
