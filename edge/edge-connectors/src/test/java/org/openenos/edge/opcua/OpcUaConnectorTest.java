package org.openenos.edge.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.testkit.Await;

/**
 * The OPC UA connector against an in-process Eclipse Milo server (security None), using the standard Server
 * nodes every OPC UA server has: ServerStatus/State (i=2259, Int32), ServerStatus/CurrentTime (i=2258, changes
 * every second) and a node id the server does not know.
 */
class OpcUaConnectorTest {
    static final String URI = "urn:openenos:test:opcua";
    static OpcUaServer server;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        port = ModbusSimulator.freePort();
        var trust = new MemoryTrustListManager();
        var quarantine = new MemoryCertificateQuarantine();
        X509Certificate[] chain = new X509Certificate[1];
        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                chain[0] = new SelfSignedCertificateBuilder(keyPair).setCommonName("edge-test").setOrganization("OpenEnOS").setCountryCode("DE").setApplicationUri(URI)
                        .addDnsName("localhost").addIpAddress("127.0.0.1").build();
                return chain;
            }
        };
        var group = DefaultApplicationGroup.createAndInitialize(trust, new MemoryCertificateStore(), factory,
                new DefaultServerCertificateValidator(trust, quarantine));
        EndpointConfig endpoint = EndpointConfig.newBuilder().setBindAddress("127.0.0.1").setHostname("127.0.0.1")
                .setPath("/edge").setCertificate(() -> chain[0])
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY).setBindPort(port).build();
        OpcUaServerConfig config = OpcUaServerConfig.builder().setApplicationUri(URI)
                .setApplicationName(LocalizedText.english("edge test server")).setProductUri(URI)
                .setEndpoints(Set.of(endpoint)).setCertificateManager(new DefaultCertificateManager(quarantine, group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE).build();
        server = new OpcUaServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        server.startup().get();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.shutdown().get();
    }

    static RawPointConfig node(String id, String nodeId, DataType type, boolean subscribe) {
        return new RawPointConfig(id, null, null, null, type, null, null, null, null, nodeId, subscribe, 200, null, null, null, null, null, null);
    }

    static final DeviceConfig DEVICE = new DeviceConfig("srv", "ua", null, "pk", "dk", "s", null, null, List.of(), null);

    OpcUaConnector connector() {
        OpcUaConnector connector = new OpcUaConnector(new ConnectionConfig("ua", ConnectionType.OPC_UA, null, null, 5000,
                null, "opc.tcp://127.0.0.1:" + port + "/edge", "None", "None", null, null, null, null, null, null, null, null, null, null, null, null, null));
        connector.start();
        return connector;
    }

    @Test
    void polledNodesAreReadWithTheirStatusAndAnUnknownNodeIsBad() {
        try (OpcUaConnector connector = connector()) {
            List<RawPointConfig> points = List.of(node("state", "ns=0;i=2259", DataType.INT32, false),
                    node("time", "ns=0;i=2258", DataType.INT64, false), node("missing", "ns=2;s=NoSuchNode", DataType.FLOAT64, false));
            Map<String, Sample> read = connector.read(DEVICE, points);
            assertThat(connector.isConnected()).isTrue();
            assertThat(read.get("state").isGood()).isTrue();
            assertThat(read.get("state").value()).as("ServerState.Running").isEqualTo(0L);
            assertThat(read.get("time").isGood()).isTrue();
            assertThat(read.get("missing").quality()).isEqualTo(Sample.BAD);
            assertThat(read.get("missing").value()).isNull();
        }
    }

    @Test
    void aSubscribedNodeDeliversChangesWithoutPolling() throws Exception {
        try (OpcUaConnector connector = connector()) {
            List<Sample> received = new CopyOnWriteArrayList<>();
            connector.subscribe(DEVICE, List.of(node("time", "ns=0;i=2258", DataType.INT64, true)), (id, s) -> received.add(s));
            Await.atMost(Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(100))
                    .lastOf(received::size, size -> size >= 2);
            assertThat(received).hasSizeGreaterThanOrEqualTo(2).allMatch(Sample::isGood);
        }
    }

    @Test
    void aWriteTheServerRefusesComesBackAsAFieldWriteError() {
        try (OpcUaConnector connector = connector()) {
            assertThatThrownBy(() -> connector.write(DEVICE, node("state", "ns=0;i=2259", DataType.INT32, false), 3L).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(FieldWriteException.class)
                    .hasMessageContaining("Bad_");
            assertThat(connector.stats().failedWrites.get()).isEqualTo(1);
        }
    }
}
