package org.openenos.trust;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.protocol.CertificateRequestSign;
import org.openenos.protocol.DeviceSigner;
import org.openenos.registry.DeviceDirectory;
import org.openenos.trust.CertificateAuthority.IssuedCertificate;
import org.openenos.trust.CertificateAuthority.KeyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device applies for or renews its own certificate, authenticated by its device secret (ADR 0053). The device is
 * the one named in the request and nobody else: the sign is checked with that device's secret, and the certificate
 * names that device key whatever the CSR says. A first certificate is self-service only while the device holds none
 * that is valid or revoked (bootstrap); afterwards a renewal must also prove possession of the current, unrevoked
 * key. A revoked device therefore cannot issue itself a way back in: that takes an application with the API.
 */
public final class DeviceCertificateService {
    /** Self-issued certificates live at most this long; longer ones go through the application API. */
    public static final int MAX_SELF_SERVICE_DAYS = 730;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCertificateService.class);

    /** One request; {@code certSn} and {@code proof} (base64) only for a renewal. */
    public record Request(String productKey, String deviceKey, String timestamp, String signMethod, String sign,
                          String csr, KeyType issueAuthority, Integer validDay, String certSn, String proof) {
    }

    private final DeviceDirectory directory;
    private final CertificateAuthority authority;
    private final Clock clock;

    public DeviceCertificateService(DeviceDirectory directory, CertificateAuthority authority, Clock clock) {
        this.directory = directory;
        this.authority = authority;
        this.clock = clock;
    }

    public IssuedCertificate apply(Request request) {
        Device device = authenticated(request, null);
        List<IssuedCertificate> held = authority.list(device.orgId(), device.assetId());
        Instant now = clock.instant();
        if (held.stream().anyMatch(c -> c.revoked() || c.notAfter().isAfter(now))) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_SELF_SERVICE_REFUSED, "the device already holds a valid"
                    + " or revoked certificate: renew it with proof of its key, or ask an application to apply");
        }
        return issue(device, request, request.issueAuthority() == null ? KeyType.RSA : request.issueAuthority());
    }

    public IssuedCertificate renew(Request request) {
        if (request.certSn() == null || request.certSn().isBlank() || request.proof() == null) {
            throw OpenEnosException.badArgument("certSn and proof: are required to renew");
        }
        Device device = authenticated(request, request.certSn());
        IssuedCertificate current = authority.find(device.orgId(), request.certSn())
                .filter(c -> c.device().assetId().equals(device.assetId()))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.CERTIFICATE_NOT_FOUND,
                        "certificate " + request.certSn()));
        if (current.revoked() || !current.notAfter().isAfter(clock.instant())) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_SELF_SERVICE_REFUSED,
                    "certificate " + current.serialNumber() + " is revoked or expired");
        }
        if (!possessed(current, request.sign(), request.proof())) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_SELF_SERVICE_REFUSED,
                    "proof: not signed with the key of certificate " + current.serialNumber());
        }
        KeyType type = request.issueAuthority() == null ? current.issueAuthority() : request.issueAuthority();
        return issue(device, request, type);
    }

    private IssuedCertificate issue(Device device, Request request, KeyType type) {
        int days = request.validDay() == null ? 365 : request.validDay();
        if (days < 1 || days > MAX_SELF_SERVICE_DAYS) {
            throw OpenEnosException.badArgument("validDay: must be between 1 and " + MAX_SELF_SERVICE_DAYS);
        }
        IssuedCertificate issued = authority.issueNamedForDevice(new CertificateAuthority.Subject(device.orgId(),
                device.assetId(), device.productKey(), device.deviceKey()), request.csr(), days, type);
        LOG.info("Device {}/{} obtained certificate {} by itself", device.productKey(), device.deviceKey(),
                issued.serialNumber());
        return issued;
    }

    private Device authenticated(Request request, String certSn) {
        Device device = directory.device(request.productKey(), request.deviceKey())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_UNKNOWN, "unknown device"));
        String method = request.signMethod() == null ? "sha256" : request.signMethod();
        if (request.timestamp() == null || !fresh(request.timestamp()) || !DeviceSigner.verify(
                CertificateRequestSign.params(request.productKey(), request.deviceKey(), request.timestamp(), method,
                        request.csr(), certSn), device.deviceSecret(), method, request.sign())) {
            throw new OpenEnosException(ErrorCode.DEVICE_SIGN_INVALID, "sign check failed or timestamp out of range");
        }
        if (!device.enabled() || device.status() == org.openenos.model.DeviceStatus.disabled) {
            throw new OpenEnosException(ErrorCode.DEVICE_DISABLED, "device is disabled");
        }
        return device;
    }

    private boolean fresh(String timestamp) {
        try {
            Instant at = Instant.ofEpochMilli(Long.parseLong(timestamp.trim()));
            return Duration.between(at, clock.instant()).abs().compareTo(CLOCK_SKEW) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean possessed(IssuedCertificate current, String sign, String proof) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(current.certificatePem()
                            .getBytes(StandardCharsets.US_ASCII)));
            Signature verifier = Signature.getInstance(CertificateRequestSign.proofAlgorithm(
                    certificate.getPublicKey().getAlgorithm()));
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(sign.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(proof.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
