package org.openenos.rest.connect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.DeviceSessionRegistry;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.DeviceLocator;
import org.openenos.trust.CertificateAuthority;
import org.openenos.trust.CertificateAuthority.IssuedCertificate;
import org.openenos.trust.CertificateAuthority.KeyType;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /connect-service/v2.0/certificates?action=apply|renew|list|revoke} (reference §1.4): device certificates
 * from the installation's CA. The CA certificates themselves are public at {@code /pki/device-ca-{rsa|ecc}.pem}
 * (the {@code certChainURL}), outside the API authentication.
 */
@RestController
public class CertificateController {
    public record ApplyBody(String csr, Integer validDay, String issueAuthority) {
    }

    public record RenewBody(String certSn, String csr, Integer validDay, String issueAuthority) {
    }

    public record RevokeBody(String certSn) {
    }

    private static final String PATH = "/connect-service/v2.0/certificates";
    private static final int DEFAULT_VALID_DAYS = 730;

    private final CertificateAuthority authority;
    private final DeviceLocator locator;
    private final ApiAccess access;
    private final DeviceSessionRegistry sessions;

    public CertificateController(CertificateAuthority authority, DeviceLocator locator, ApiAccess access,
                                 Connectivity connectivity) {
        this.authority = authority;
        this.locator = locator;
        this.access = access;
        this.sessions = connectivity.sessions();
    }

    @PostMapping(path = PATH, params = "action=apply")
    public ApiResponse apply(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                             @RequestParam(required = false) String productKey,
                             @RequestParam(required = false) String deviceKey, @RequestBody ApplyBody body) {
        access.requireWrite(orgId);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(issued(authority.issue(subject(device), body.csr(), days(body.validDay()),
                keyType(body.issueAuthority()))));
    }

    /** A new certificate for the device from a new (or the same) CSR; the old one stays valid until revoked. */
    @PostMapping(path = PATH, params = "action=renew")
    public ApiResponse renew(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                             @RequestParam(required = false) String productKey,
                             @RequestParam(required = false) String deviceKey, @RequestBody RenewBody body) {
        access.requireWrite(orgId);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        IssuedCertificate old = owned(orgId, device, body.certSn());
        KeyType type = body.issueAuthority() == null ? old.issueAuthority() : keyType(body.issueAuthority());
        return ApiResponse.ok(issued(authority.issue(subject(device), body.csr(), days(body.validDay()), type)));
    }

    @RequestMapping(path = PATH, params = "action=list", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse list(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                            @RequestParam(required = false) String productKey,
                            @RequestParam(required = false) String deviceKey) {
        access.requireRead(orgId);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(authority.list(orgId, device.assetId()).stream().map(CertificateController::listed)
                .toList());
    }

    @PostMapping(path = PATH, params = "action=revoke")
    public ApiResponse revoke(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey,
                              @RequestParam(required = false) String certSn,
                              @RequestBody(required = false) RevokeBody body) {
        access.requireWrite(orgId);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        String serial = certSn != null ? certSn : body == null ? null : body.certSn();
        IssuedCertificate certificate = owned(orgId, device, serial);
        IssuedCertificate revoked = authority.revoke(orgId, certificate.serialNumber());
        // the handshake is the only check of a certificate: open connections made with it end now (MQTT 5: 0x98)
        sessions.closeSessionsWithCertificate(revoked.serialNumber());
        return ApiResponse.ok(listed(revoked));
    }

    /** The CA certificates are public: devices need them to trust the server. */
    @GetMapping(path = "/pki/device-ca-{type}.pem")
    public ResponseEntity<String> caCertificate(@PathVariable String type) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(authority.caCertificatePem(keyType(type)));
    }

    private IssuedCertificate owned(String orgId, Device device, String serial) {
        if (serial == null || serial.isBlank()) {
            throw OpenEnosException.badArgument("certSn: is required");
        }
        return authority.find(orgId, serial).filter(c -> c.device().assetId().equals(device.assetId()))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.CERTIFICATE_NOT_FOUND, "certificate " + serial));
    }

    private Map<String, Object> issued(IssuedCertificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cert", c.certificatePem());
        m.put("certSn", c.serialNumber());
        m.put("caCert", authority.caCertificatePem(c.issueAuthority()));
        m.put("certChainURL", "/pki/device-ca-" + c.issueAuthority().name().toLowerCase(Locale.ROOT) + ".pem");
        m.put("issueAuthority", c.issueAuthority().name());
        m.put("validFrom", c.notBefore().toEpochMilli());
        m.put("validTo", c.notAfter().toEpochMilli());
        return m;
    }

    private static Map<String, Object> listed(IssuedCertificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("certSn", c.serialNumber());
        m.put("assetId", c.device().assetId());
        m.put("productKey", c.device().productKey());
        m.put("deviceKey", c.device().deviceKey());
        m.put("issueAuthority", c.issueAuthority().name());
        m.put("cert", c.certificatePem());
        m.put("validFrom", c.notBefore().toEpochMilli());
        m.put("validTo", c.notAfter().toEpochMilli());
        m.put("status", c.revoked() ? "revoked" : "valid");
        m.put("revokeTime", c.revokeTime() == null ? null : c.revokeTime().toEpochMilli());
        return m;
    }

    private static CertificateAuthority.Subject subject(Device d) {
        return new CertificateAuthority.Subject(d.orgId(), d.assetId(), d.productKey(), d.deviceKey());
    }

    private static int days(Integer validDay) {
        return validDay == null ? DEFAULT_VALID_DAYS : validDay;
    }

    private static KeyType keyType(String value) {
        if (value == null || value.isBlank()) {
            return KeyType.RSA;
        }
        try {
            return KeyType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("issueAuthority: RSA or ECC");
        }
    }
}
