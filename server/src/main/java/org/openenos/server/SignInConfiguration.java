package org.openenos.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.openenos.identity.LoginThrottle;
import org.openenos.rest.auth.ClientAddress;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sign-in throttling and which address a sign-in comes from (the peer, or the client a trusted reverse proxy
 * names). Metrics: {@code openenos.signin.failures} (wrong passwords), {@code openenos.signin.throttled} (attempts
 * refused with 429) and {@code openenos.signin.throttle.tracked} (pairs and addresses remembered).
 */
@Configuration(proxyBeanMethods = false)
public class SignInConfiguration {

    @Bean
    ClientAddress clientAddress(OpenEnosProperties props) {
        return new ClientAddress(props.security().trustedProxies());
    }

    @Bean
    LoginThrottle loginThrottle(OpenEnosProperties props, Clock clock, MeterRegistry meters) {
        var s = props.security();
        LoginThrottle throttle = new LoginThrottle(s.loginMaxFailures(), s.loginInitialDelay(), s.loginMaxDelay(),
                s.loginMaxFailuresPerAddress(), s.loginThrottleWindow(), clock);
        FunctionCounter.builder("openenos.signin.failures", throttle, LoginThrottle::failures)
                .description("sign-ins and password changes refused for a wrong password").register(meters);
        FunctionCounter.builder("openenos.signin.throttled", throttle, LoginThrottle::refused)
                .description("sign-in attempts refused because their client had to wait").register(meters);
        Gauge.builder("openenos.signin.throttle.tracked", throttle, LoginThrottle::tracked)
                .description("user name and address pairs and addresses the throttle remembers").register(meters);
        return throttle;
    }
}
