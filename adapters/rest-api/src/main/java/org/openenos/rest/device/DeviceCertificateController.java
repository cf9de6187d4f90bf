package org.openenos.rest.device;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.ResponseCodes;
import org.openenos.trust.CertificateAuthority;
import org.openenos.trust.CertificateAuthority.IssuedCertificate;
import org.openenos.trust.DeviceCertificateService;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /device-certificates/{pk}/{dk}?action=apply|renew} (ADR 0053): a device applies for or renews its own
 * certificate, signed with its device secret. Like HTTP device access it sits outside the API authentication and
 * answers in the device protocol's shape ({@code code}, {@code message}, {@code data}).
 */
@RestController
public class DeviceCertificateController {
    public record Body(String timestamp, String signMethod, String sign, String csr, String issueAuthority,
                       Integer validDay, String certSn, String proof) {
    }

    private final DeviceCertificateService service;
    private final CertificateAuthority authority;

    public DeviceCertificateController(DeviceCertificateService service, CertificateAuthority authority) {
        this.service = service;
        this.authority = authority;
    }

    @PostMapping(path = "/device-certificates/{productKey}/{deviceKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> certificate(@PathVariable String productKey,
                                                           @PathVariable String deviceKey,
                                                           @RequestParam String action,
                                                           @RequestBody(required = false) Body body) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            Body b = body == null ? new Body(null, null, null, null, null, null, null, null) : body;
            DeviceCertificateService.Request request = new DeviceCertificateService.Request(productKey, deviceKey,
                    b.timestamp(), b.signMethod(), b.sign(), b.csr(), keyType(b.issueAuthority()), b.validDay(),
                    b.certSn(), b.proof());
            IssuedCertificate issued = switch (action) {
                case "apply" -> service.apply(request);
                case "renew" -> service.renew(request);
                default -> throw OpenEnosException.badArgument("action: apply or renew");
            };
            answer.put("code", ResponseCodes.SUCCESS);
            answer.put("message", "");
            answer.put("data", issued(issued));
        } catch (OpenEnosException e) {
            answer.put("code", e.code().enosCode());
            answer.put("message", e.getMessage());
        }
        return ResponseEntity.ok(answer);
    }

    private Map<String, Object> issued(IssuedCertificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cert", c.certificatePem());
        m.put("certSn", c.serialNumber());
        m.put("caCert", authority.caCertificatePem(c.issueAuthority()));
        m.put("issueAuthority", c.issueAuthority().name());
        m.put("validFrom", c.notBefore().toEpochMilli());
        m.put("validTo", c.notAfter().toEpochMilli());
        return m;
    }

    private static CertificateAuthority.KeyType keyType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return CertificateAuthority.KeyType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("issueAuthority: RSA or ECC");
        }
    }
}
