package org.openenos.server;

import org.openenos.rest.auth.ClientAddress;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which address a sign-in comes from: the peer, or the client a trusted reverse proxy names. */
@Configuration(proxyBeanMethods = false)
public class SignInConfiguration {

    @Bean
    ClientAddress clientAddress(OpenEnosProperties props) {
        return new ClientAddress(props.security().trustedProxies());
    }
}
