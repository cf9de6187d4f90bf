package org.openenos.edge.app.provisioning;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.openenos.edge.app.cloud.CloudTransport;
import org.openenos.edge.app.cloud.GatewayCredentials;
import org.openenos.edge.config.CloudConfig;
import org.openenos.edge.config.GatewayConfig;
import org.openenos.edge.config.ProvisioningConfig;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.Login;
import org.openenos.sdk.SecretStore;
import org.openenos.sdk.TlsSocketFactories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-touch provisioning of the edge (reference §1.3, §1.4; ADR 0053), run before every connect:
 * <ol>
 *   <li>no device secret yet: dynamic activation with the product secret on the plain MQTT port (securemode 3,
 *       through the device SDK); the pushed secret is stored owner-only;</li>
 *   <li>no certificate yet (or an expired one): a new key and CSR, applied for with the device secret;</li>
 *   <li>renewal due: renewed with the device secret and proof of the current key; a refusal keeps the current
 *       certificate while it is valid;</li>
 *   <li>then mutual TLS on the TLS port, and nothing else: the edge never falls back to a plain connection.</li>
 * </ol>
 */
public final class Provisioner implements CloudTransport {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final CloudConfig cloud;
    private final ProvisioningConfig config;
    private final GatewayConfig gateway;
    private final GatewayCredentials credentials;
    private final IdentityStore store;
    private final CertificateEnrollment enrollment;
    private final Clock clock;
    private volatile EdgeIdentity identity;

    public Provisioner(CloudConfig cloud, GatewayConfig gateway, GatewayCredentials credentials, IdentityStore store,
                       Clock clock) {
        this.cloud = cloud;
        this.config = cloud.provisioning();
        this.gateway = gateway;
        this.credentials = credentials;
        this.store = store;
        this.enrollment = new CertificateEnrollment(config, gateway.productKey(), gateway.deviceKey());
        this.clock = clock;
    }

    @Override
    public synchronized Target prepare() throws Exception {
        String secret = deviceSecret();
        EdgeIdentity current = identity != null ? identity : store.load(secret).orElse(null);
        if (current == null || current.expired(clock.instant())) {
            current = enrollment.apply(secret);
            store.save(current, secret);
            LOG.info("edge certificate {} obtained, valid until {}", current.serialNumber(), current.notAfter());
        } else if (current.renewalDue(clock.instant(), config.renewAtFraction())) {
            current = renewed(current, secret);
        }
        identity = current;
        return new Target("ssl://" + cloud.host() + ":" + config.tlsPort(), socketFactory(current, secret));
    }

    /** The periodic check: renews when due; the new certificate is used from the next connect on. */
    public synchronized void renewIfDue() {
        EdgeIdentity current = identity;
        if (current != null && current.renewalDue(clock.instant(), config.renewAtFraction())) {
            identity = renewed(current, credentials.deviceSecret());
        }
    }

    /** Renews now, whatever the validity left (operators and tests); returns the new certificate's serial number. */
    public synchronized String renewNow() throws Exception {
        String secret = deviceSecret();
        EdgeIdentity current = identity != null ? identity : store.load(secret).orElseThrow();
        EdgeIdentity next = enrollment.renew(secret, current);
        store.save(next, secret);
        identity = next;
        return next.serialNumber();
    }

    public Optional<EdgeIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    private EdgeIdentity renewed(EdgeIdentity current, String secret) {
        try {
            EdgeIdentity next = enrollment.renew(secret, current);
            store.save(next, secret);
            LOG.info("edge certificate renewed: {} replaces {}, valid until {}", next.serialNumber(),
                    current.serialNumber(), next.notAfter());
            return next;
        } catch (Exception e) {
            LOG.warn("edge certificate renewal failed, keeping {} until {}: {}", current.serialNumber(),
                    current.notAfter(), e.getMessage());
            return current;
        }
    }

    private String deviceSecret() throws Exception {
        String secret = credentials.deviceSecret();
        if (secret != null) {
            return secret;
        }
        LOG.info("no device secret yet: activating gateway {} with the product secret", gateway.deviceKey());
        SecretStore keep = new SecretStore() {
            @Override
            public Optional<String> load(String productKey, String deviceKey) {
                return Optional.ofNullable(credentials.deviceSecret());
            }

            @Override
            public void save(String productKey, String deviceKey, String deviceSecret) {
                credentials.store(deviceSecret);
            }
        };
        DeviceClientOptions options = DeviceClientOptions.of("tcp://" + cloud.host() + ":" + cloud.port())
                .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withReplyTimeout(Duration.ofMillis(cloud.requestTimeoutMillis()));
        try (DeviceClient client = DeviceClient.create(options, new Login.DynamicActivation(gateway.productKey(),
                gateway.deviceKey(), gateway.productSecret(), keep))) {
            client.connect().get(cloud.requestTimeoutMillis() * 2L, TimeUnit.MILLISECONDS);
        }
        secret = credentials.deviceSecret();
        if (secret == null) {
            throw new IllegalStateException("activation did not deliver a device secret");
        }
        LOG.info("gateway {} activated; its device secret is stored", gateway.deviceKey());
        return secret;
    }

    private static SSLSocketFactory socketFactory(EdgeIdentity identity, String secret) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("edge", identity.privateKey(), secret.toCharArray(),
                new Certificate[] {identity.certificate()});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < identity.trusted().size(); i++) {
            trust.setCertificateEntry("ca-" + i, identity.trusted().get(i));
        }
        return TlsSocketFactories.twoWay(keys, secret.toCharArray(), trust);
    }
}
