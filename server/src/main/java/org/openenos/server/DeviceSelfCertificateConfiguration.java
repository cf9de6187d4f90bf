package org.openenos.server;

import java.time.Clock;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.trust.CertificateAuthority;
import org.openenos.trust.DeviceCertificateService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Devices applying for and renewing their own certificates with their device secret (ADR 0053). */
@Configuration(proxyBeanMethods = false)
public class DeviceSelfCertificateConfiguration {

    @Bean
    DeviceCertificateService deviceCertificateService(RegistryDeviceDirectory directory,
                                                      CertificateAuthority authority, Clock clock) {
        return new DeviceCertificateService(directory, authority, clock);
    }
}
