package org.openenos.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.testkit.DeviceSigns;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryDeviceDirectory;

class LoginServiceTest {
    private final InMemoryDeviceDirectory directory = Fixtures.directory();
    private final LoginService login = new LoginService(directory, Clock.systemUTC());

    private LoginOutcome attempt(String deviceKey, int mode, String secret, boolean tls) {
        String ts = "1700000000000";
        return login.login(new LoginAttempt(deviceKey + "&" + Fixtures.PRODUCT,
                DeviceSigns.clientId(deviceKey, mode, ts),
                DeviceSigns.password(deviceKey, Fixtures.PRODUCT, deviceKey, ts, secret), tls));
    }

    @Test
    void deviceSecretLoginIsAccepted() {
        assertThat(attempt("dev1", 2, "secret-dev1", false)).isInstanceOfSatisfying(LoginOutcome.Accepted.class,
                a -> assertThat(a.device().assetId()).isEqualTo("asset-dev1"));
    }

    @Test
    void wrongSignIsRefusedAsBadCredentials() {
        assertThat(attempt("dev1", 2, "wrong", false)).isInstanceOfSatisfying(LoginOutcome.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(ErrorCode.DEVICE_SIGN_INVALID);
            assertThat(r.badCredentials()).isTrue();
        });
    }

    @Test
    void disabledDeviceIsRefused() {
        assertThat(attempt("off", 2, "secret-off", false)).isInstanceOfSatisfying(LoginOutcome.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ErrorCode.DEVICE_DISABLED));
    }

    @Test
    void unknownProductIsRefused() {
        LoginOutcome outcome = login.login(new LoginAttempt("dev1&nope", DeviceSigns.clientId("dev1", 2, "1"), "x", false));
        assertThat(outcome).isInstanceOfSatisfying(LoginOutcome.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ErrorCode.DEVICE_UNKNOWN));
    }

    @Test
    void dynamicActivationActivatesOnceAndReturnsTheSecret() {
        assertThat(attempt("fresh", 3, Fixtures.PRODUCT_SECRET, false)).isInstanceOfSatisfying(
                LoginOutcome.Accepted.class, a -> assertThat(a.activatedDevice().deviceSecret()).isEqualTo("secret-fresh"));
        assertThat(directory.device(Fixtures.PRODUCT, "fresh").orElseThrow().isActivated()).isTrue();
        assertThat(attempt("fresh", 3, Fixtures.PRODUCT_SECRET, false)).isInstanceOf(LoginOutcome.Refused.class);
    }

    @Test
    void dynamicActivationIsRefusedWhenTheProductDoesNotAllowIt() {
        directory.add(Fixtures.product(false, false));
        assertThat(attempt("fresh", 3, Fixtures.PRODUCT_SECRET, false)).isInstanceOfSatisfying(
                LoginOutcome.Refused.class, r -> assertThat(r.reason().enosCode()).isEqualTo(770));
    }

    @Test
    void productWithBidirectionalAuthRequiresTls() {
        directory.add(Fixtures.product(true, true));
        assertThat(attempt("dev1", 2, "secret-dev1", false)).isInstanceOfSatisfying(LoginOutcome.Refused.class,
                r -> assertThat(r.reason().enosCode()).isEqualTo(746));
        assertThat(attempt("dev1", 2, "secret-dev1", true)).isInstanceOf(LoginOutcome.Accepted.class);
    }

    @Test
    void integrationChannelLogsInWithTheProductSecret() {
        assertThat(attempt(LoginService.INTEGRATION_CHANNEL, 4, Fixtures.PRODUCT_SECRET, false))
                .isInstanceOf(LoginOutcome.Accepted.class);
    }
}
