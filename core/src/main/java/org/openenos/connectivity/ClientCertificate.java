package org.openenos.connectivity;

import java.util.List;

/**
 * The client certificate a device presented on the TLS listener, already verified against the platform CA and the
 * revocation list by the transport. {@code serialNumber} is lower-case hex, as certificates are listed by the API.
 */
public record ClientCertificate(String serialNumber, String commonName, List<String> subjectAltNames) {
    public ClientCertificate {
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    }

    /** The certificate names this device key in its CN or one of its subject alternative names. */
    public boolean names(String deviceKey) {
        return deviceKey.equals(commonName) || subjectAltNames.contains(deviceKey);
    }
}
