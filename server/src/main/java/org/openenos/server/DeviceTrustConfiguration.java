package org.openenos.server;

import java.time.Clock;
import org.openenos.connectivity.mqtt.MqttTls;
import org.openenos.connectivity.postgres.PostgresIssuedCertificateStore;
import org.openenos.security.SecretCipher;
import org.openenos.trust.CertificateAuthority;
import org.openenos.trust.bouncycastle.BouncyCastleCertificateAuthority;
import org.openenos.trust.bouncycastle.DeviceTrustManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the embedded device certificate authority (keys under {@code <data-dir>/keys/pki}, encrypted with the
 * server key) and the MQTT TLS listener settings that trust it (ADR 0040).
 */
@Configuration(proxyBeanMethods = false)
public class DeviceTrustConfiguration {

    @Bean
    CertificateAuthority certificateAuthority(OpenEnosProperties props, SecretCipher cipher, JdbcClient jdbc,
                                              Clock clock) {
        var pki = props.pki();
        CertificateAuthority.KeyMaterial configured = pki.serverCertificate() == null ? null
                : BouncyCastleCertificateAuthority.readServerIdentity(pki.serverCertificate(), pki.serverPrivateKey());
        return new BouncyCastleCertificateAuthority(props.dataDir().resolve("keys").resolve("pki"), cipher,
                new PostgresIssuedCertificateStore(jdbc), configured, clock);
    }

    @Bean
    MqttTls mqttTls(OpenEnosProperties props, CertificateAuthority authority) {
        var keys = authority.serverIdentities().stream()
                .map(server -> new MqttTls.ServerKey(server.privateKey(), server.chain())).toList();
        return new MqttTls(props.mqtt().tlsPort(), keys, new DeviceTrustManager(authority),
                props.pki().webSocketPort());
    }
}
