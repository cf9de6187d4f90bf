package org.openenos.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.testkit.DeviceSigns;
import org.openenos.testkit.Fixtures;

class CertificateLoginTest {
    private final CertificateBinding binding = CertificateBinding.of(
            (assetId, serial) -> assetId.equals("asset-dev1") && serial.equals("abc"), serial -> serial.equals("dead"));
    private final LoginService login = new LoginService(Fixtures.directory(), Clock.systemUTC(), binding);

    private LoginOutcome attempt(String deviceKey, ClientCertificate certificate) {
        String ts = "1700000000000";
        return login.login(new LoginAttempt(deviceKey + "&" + Fixtures.PRODUCT, DeviceSigns.clientId(deviceKey, 2, ts),
                DeviceSigns.password(deviceKey, Fixtures.PRODUCT, deviceKey, ts, "secret-" + deviceKey), true,
                certificate));
    }

    @Test
    void aCertificateNamingTheDeviceKeyInItsCommonNameOrAltNamesIsBound() {
        assertThat(attempt("dev2", new ClientCertificate("123", "dev2", List.of())))
                .isInstanceOf(LoginOutcome.Accepted.class);
        assertThat(attempt("dev2", new ClientCertificate("123", "box", List.of("dev2"))))
                .isInstanceOf(LoginOutcome.Accepted.class);
    }

    @Test
    void aCertificateIssuedForTheDeviceIsBoundWhateverItsName() {
        assertThat(attempt("dev1", new ClientCertificate("abc", "hardware-7", List.of())))
                .isInstanceOf(LoginOutcome.Accepted.class);
    }

    @Test
    void anotherDevicesCertificateIsRefusedAsNotAuthorised() {
        assertThat(attempt("dev2", new ClientCertificate("abc", "hardware-7", List.of())))
                .isInstanceOfSatisfying(LoginOutcome.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(ErrorCode.DEVICE_CERTIFICATE_NOT_BOUND);
                    assertThat(r.badCredentials()).isFalse();
                });
    }

    @Test
    void aRevokedCertificateIsRefusedEvenWhenItNamesTheDevice() {
        assertThat(attempt("dev2", new ClientCertificate("dead", "dev2", List.of())))
                .isInstanceOfSatisfying(LoginOutcome.Refused.class,
                        r -> assertThat(r.message()).contains("revoked"));
    }
}
