package org.openenos.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.identity.IdentityService;
import org.openenos.identity.LoginThrottle;
import org.openenos.identity.TotpService;
import org.openenos.registry.postgres.PostgresTotpStore;
import org.openenos.security.SecretCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The optional TOTP second factor of local accounts (ADR 0034), made the step of password sign-in after the
 * password. Metric: {@code openenos.signin.totp.failures} (wrong or replayed codes at sign-in).
 */
@Configuration(proxyBeanMethods = false)
public class TwoFactorConfiguration {
    static final String ISSUER = "OpenEnOS";

    @Bean
    TotpService totpService(JdbcClient jdbc, TransactionTemplate tx, SecretCipher cipher, LoginThrottle throttle,
                            AuditLog audit, Clock clock, IdentityService identity, MeterRegistry meters) {
        TotpService totp = new TotpService(new PostgresTotpStore(jdbc, tx), cipher, throttle, audit, clock, ISSUER);
        identity.useSecondFactor(totp);
        FunctionCounter.builder("openenos.signin.totp.failures", totp, TotpService::failures)
                .description("sign-ins refused for a wrong or already used two-factor code").register(meters);
        return totp;
    }
}
