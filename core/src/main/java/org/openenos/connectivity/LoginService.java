package org.openenos.connectivity;

import java.time.Clock;
import java.util.Optional;
import org.openenos.error.ErrorCode;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.LoginClientId;
import org.openenos.registry.DeviceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device login (reference §1.2–1.4): secure mode 2 (device secret), 3 (product secret with one-time dynamic
 * activation) and 4 (product secret on an integration channel, deviceKey {@code %channel%}).
 */
public final class LoginService {
    public static final String INTEGRATION_CHANNEL = "%channel%";
    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);

    private final DeviceDirectory directory;
    private final Clock clock;
    private final CertificateBinding certificates;

    public LoginService(DeviceDirectory directory, Clock clock) {
        this(directory, clock, CertificateBinding.NAME_ONLY);
    }

    public LoginService(DeviceDirectory directory, Clock clock, CertificateBinding certificates) {
        this.directory = directory;
        this.clock = clock;
        this.certificates = certificates;
    }

    public LoginOutcome login(LoginAttempt attempt) {
        String username = attempt.username();
        int amp = username == null ? -1 : username.lastIndexOf('&');
        Optional<LoginClientId> clientId = LoginClientId.parse(attempt.clientId());
        if (amp <= 0 || amp == username.length() - 1 || clientId.isEmpty()) {
            return refused(ErrorCode.DEVICE_SIGN_INVALID, "username or clientId is not in EnOS login format", true);
        }
        String deviceKey = username.substring(0, amp);
        String productKey = username.substring(amp + 1);
        Product product = directory.product(productKey).orElse(null);
        if (product == null) {
            return refused(ErrorCode.DEVICE_UNKNOWN, "unknown product " + productKey, true);
        }
        if (product.biDirectionalAuth() && !attempt.tls()) {
            return refused(ErrorCode.DEVICE_TLS_REQUIRED, "The device must login by ssl", false);
        }
        LoginClientId id = clientId.get();
        LoginOutcome outcome = switch (id.secureMode()) {
            case 2 -> staticLogin(product, deviceKey, id, attempt.password());
            case 3 -> dynamicActivation(product, deviceKey, id, attempt.password());
            case 4 -> integrationChannel(product, deviceKey, id, attempt.password());
            default -> refused(ErrorCode.DEVICE_SIGN_INVALID, "unsupported securemode " + id.secureMode(), true);
        };
        return attempt.certificate() == null ? outcome : bound(outcome, attempt.certificate());
    }

    /**
     * Over TLS the certificate must belong to the device that signed in (ADR 0040): it names the device key, or the
     * platform CA issued it for this device. Otherwise one device's certificate would open every device's door.
     */
    private LoginOutcome bound(LoginOutcome outcome, ClientCertificate certificate) {
        if (!(outcome instanceof LoginOutcome.Accepted accepted) || accepted.device().assetId() == null) {
            return outcome;
        }
        DeviceRef device = accepted.device();
        if (certificates.revoked(certificate.serialNumber())) {
            LOG.info("Revoked certificate {} presented for device {}", certificate.serialNumber(), device.key());
            return refused(ErrorCode.DEVICE_CERTIFICATE_NOT_BOUND, "the client certificate is revoked", false);
        }
        if (certificate.names(device.deviceKey()) || certificates.issuedFor(device.assetId(), certificate.serialNumber())) {
            return outcome;
        }
        LOG.info("Certificate {} is not bound to device {}", certificate.serialNumber(), device.key());
        return refused(ErrorCode.DEVICE_CERTIFICATE_NOT_BOUND, "the client certificate is not bound to this device",
                false);
    }

    private LoginOutcome staticLogin(Product product, String deviceKey, LoginClientId id, String password) {
        Device device = directory.device(product.productKey(), deviceKey).orElse(null);
        if (device == null) {
            return refused(ErrorCode.DEVICE_UNKNOWN, "unknown device", true);
        }
        if (!signed(id, product.productKey(), deviceKey, device.deviceSecret(), password)) {
            return refused(ErrorCode.DEVICE_SIGN_INVALID, "sign check failed", true);
        }
        if (isDisabled(device)) {
            return refused(ErrorCode.DEVICE_DISABLED, "device is disabled", false);
        }
        return new LoginOutcome.Accepted(DeviceRef.of(device), product.isGateway(), null);
    }

    private LoginOutcome dynamicActivation(Product product, String deviceKey, LoginClientId id, String password) {
        if (!signed(id, product.productKey(), deviceKey, product.productSecret(), password)) {
            return refused(ErrorCode.DEVICE_SIGN_INVALID, "sign check failed", true);
        }
        if (!product.dynamicActivateEnabled()) {
            return refused(ErrorCode.DEVICE_ACTIVATION_NOT_ALLOWED, "dynamic activation is not enabled", false);
        }
        Device device = directory.device(product.productKey(), deviceKey).orElse(null);
        if (device == null) {
            return refused(ErrorCode.DEVICE_UNKNOWN, "unknown device", false);
        }
        if (isDisabled(device)) {
            return refused(ErrorCode.DEVICE_DISABLED, "device is disabled", false);
        }
        if (device.isActivated()) {
            // activation is one-time (reference §1.3): the device must now use its own secret (mode 2)
            return refused(ErrorCode.DEVICE_ACTIVATION_NOT_ALLOWED, "device is already activated", false);
        }
        Device activated = directory.activate(device.assetId(), clock.instant());
        LOG.info("Device {}/{} activated dynamically", product.productKey(), deviceKey);
        return new LoginOutcome.Accepted(DeviceRef.of(activated), product.isGateway(), activated);
    }

    private LoginOutcome integrationChannel(Product product, String deviceKey, LoginClientId id, String password) {
        if (!INTEGRATION_CHANNEL.equals(deviceKey)) {
            return refused(ErrorCode.DEVICE_SIGN_INVALID, "securemode 4 needs deviceKey " + INTEGRATION_CHANNEL, true);
        }
        if (!signed(id, product.productKey(), deviceKey, product.productSecret(), password)) {
            return refused(ErrorCode.DEVICE_SIGN_INVALID, "sign check failed", true);
        }
        return new LoginOutcome.Accepted(new DeviceRef(product.orgId(), null, product.productKey(), deviceKey), false,
                null);
    }

    static boolean isDisabled(Device device) {
        return !device.enabled() || device.status() == DeviceStatus.disabled;
    }

    private static boolean signed(LoginClientId id, String productKey, String deviceKey, String secret, String password) {
        return DeviceSigner.verify(id.signedParams(productKey, deviceKey), secret, id.signMethod(), password);
    }

    private static LoginOutcome refused(ErrorCode code, String message, boolean badCredentials) {
        return new LoginOutcome.Refused(code, message, badCredentials);
    }
}
