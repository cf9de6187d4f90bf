package org.openenos.edge.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.edge.runtime.CommandDispatcher;

/**
 * OPC UA method calls and secured channels against an in-process Milo server that offers security None and
 * Basic256Sha256 with Sign and SignAndEncrypt, trusts only the client certificates the test puts in its trust list,
 * and has a {@code Pump} object with a {@code Restart} method.
 */
class OpcUaMethodsAndSecurityTest {
    static final String URI = "urn:openenos:test:opcua-secure";
    static OpcUaServer server;
    static PumpNamespace pump;
    static MemoryTrustListManager serverTrust = new MemoryTrustListManager();
    static MemoryCertificateQuarantine serverQuarantine = new MemoryCertificateQuarantine();
    static X509Certificate[] serverChain = new X509Certificate[1];
    static int port;

    @TempDir
    Path pki;

    @BeforeAll
    static void startServer() throws Exception {
        port = ModbusSimulator.freePort();
        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                serverChain[0] = new SelfSignedCertificateBuilder(keyPair).setCommonName("secure-test")
                        .setOrganization("OpenEnOS").setCountryCode("DE").setApplicationUri(URI).addDnsName("localhost")
                        .addIpAddress("127.0.0.1").build();
                return serverChain;
            }
        };
        var group = DefaultApplicationGroup.createAndInitialize(serverTrust, new MemoryCertificateStore(), factory,
                new DefaultServerCertificateValidator(serverTrust, serverQuarantine));
        EndpointConfig.Builder base = EndpointConfig.newBuilder().setBindAddress("127.0.0.1").setHostname("127.0.0.1")
                .setPath("/edge").setCertificate(() -> serverChain[0]).setBindPort(port)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY);
        Set<EndpointConfig> endpoints = Set.of(
                base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None).build(),
                base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256).setSecurityMode(MessageSecurityMode.Sign)
                        .build(),
                base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                        .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
        OpcUaServerConfig config = OpcUaServerConfig.builder().setApplicationUri(URI)
                .setApplicationName(LocalizedText.english("secure edge test server")).setProductUri(URI)
                .setEndpoints(endpoints).setCertificateManager(new DefaultCertificateManager(serverQuarantine, group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE).build();
        server = new OpcUaServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder()
                .build()));
        pump = new PumpNamespace(server);
        pump.startup();
        server.startup().get();
    }

    @AfterAll
    static void stopServer() throws Exception {
        pump.shutdown();
        server.shutdown().get();
    }

    static final DeviceConfig DEVICE = new DeviceConfig("pump", "ua", null, "pk", "dk", "s", null, null, List.of(),
            null);
    static final RawPointConfig STATE = new RawPointConfig("state", null, null, null, DataType.INT32, null, null,
            null, null, "ns=0;i=2259", false, 200, null, null, null, null, null, null);

    OpcUaConnector connector(String policy, String mode) {
        OpcUaConnector connector = new OpcUaConnector(new ConnectionConfig("ua", ConnectionType.OPC_UA, null, null,
                5000, null, "opc.tcp://127.0.0.1:" + port + "/edge", policy, mode, null, null, pki.toString(), null, null, null, null, null, null, null, null, null, null));
        connector.start();
        return connector;
    }

    @Test
    void aMethodIsCalledWithTypedInputsAndAnswersWithItsOutputs() throws Exception {
        try (OpcUaConnector connector = connector("None", "None")) {
            List<Object> outputs = connector.call(DEVICE, "ns=2;s=Pump", "ns=2;s=Pump/Restart", List.of(5L),
                    List.of(DataType.INT32)).get(10, TimeUnit.SECONDS);
            assertThat(outputs).containsExactly(true);
            assertThat(pump.delays).contains(5);
            assertThatThrownBy(() -> connector.call(DEVICE, "ns=2;s=Pump", "ns=2;s=Pump/Restart", List.of(-1),
                    List.of(DataType.INT32)).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(FieldWriteException.class).hasMessageContaining("Bad_OutOfRange");
        }
    }

    @Test
    void anInvokeServiceMappedToAMethodRepliesWithTheNamedOutputs() throws Exception {
        String yaml = """
                gateway: {productKey: gw, productSecret: s, serialNumber: EDGE-1}
                connections:
                  - {id: ua, type: OPC_UA, endpointUrl: "opc.tcp://127.0.0.1:%d/edge"}
                devices:
                  - id: pump
                    connection: ua
                    productKey: pumpPk
                    deviceKey: pump-1
                    deviceSecret: ps
                    points: [{id: state, nodeId: "ns=0;i=2259", type: INT32}]
                    template:
                      measurepoints: [{measurepoint: state, input: state}]
                      controls:
                        - service: restart
                          objectNode: "ns=2;s=Pump"
                          methodNode: "ns=2;s=Pump/Restart"
                          inputs: [{param: delay, type: INT32}]
                          outputs: [accepted]
                """.formatted(port);
        EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(
                StandardCharsets.UTF_8)), "edge.yaml");
        try (OpcUaConnector connector = new OpcUaConnector(config.connections().getFirst())) {
            connector.start();
            DeviceConfig device = config.devices().getFirst();
            CommandDispatcher dispatcher = new CommandDispatcher(Map.of("pumpPk/pump-1", device), d -> connector);
            CompletableFuture<CloudCommand.CommandResult> reply = new CompletableFuture<>();
            dispatcher.dispatch(new CloudCommand("pumpPk", "pump-1", CloudCommand.Kind.INVOKE_SERVICE, "restart",
                    Map.of("delay", 7), reply::complete));
            CloudCommand.CommandResult result = reply.get(10, TimeUnit.SECONDS);
            assertThat(result.code()).as(result.message()).isEqualTo(200);
            assertThat(result.data()).isEqualTo(Map.of("accepted", true));
            assertThat(pump.delays).contains(7);

            CompletableFuture<CloudCommand.CommandResult> missing = new CompletableFuture<>();
            dispatcher.dispatch(new CloudCommand("pumpPk", "pump-1", CloudCommand.Kind.INVOKE_SERVICE, "restart",
                    Map.of(), missing::complete));
            assertThat(missing.get(10, TimeUnit.SECONDS).message()).contains("needs input 'delay'");
        }
    }

    @Test
    void aSignedAndEncryptedChannelWorksOnceEachSideTrustsTheOthersCertificate() throws Exception {
        Files.createDirectories(pki.resolve("trusted"));
        Files.write(pki.resolve("trusted").resolve("server.der"), serverChain[0].getEncoded());
        OpcUaClientIdentity identity = OpcUaClientIdentity.loadOrCreate(pki);
        serverTrust.addTrustedCertificate(identity.certificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve("client.p12"))))
                .isEqualTo("rw-------");
        try (OpcUaConnector connector = connector("Basic256Sha256", "SignAndEncrypt")) {
            Map<String, Sample> read = connector.read(DEVICE, List.of(STATE));
            assertThat(read.get("state").isGood()).as(connector.stats().lastError).isTrue();
            assertThat(connector.call(DEVICE, "ns=2;s=Pump", "ns=2;s=Pump/Restart", List.of(1), List.of(DataType.INT32))
                    .get(10, TimeUnit.SECONDS)).containsExactly(true);
        }
        assertThat(OpcUaClientIdentity.loadOrCreate(pki).certificate()).as("kept, not made anew")
                .isEqualTo(identity.certificate());
    }

    @Test
    void anUntrustedServerCertificateIsRefusedAndKeptForReview() {
        OpcUaClientIdentity identity = OpcUaClientIdentity.loadOrCreate(pki);
        serverTrust.addTrustedCertificate(identity.certificate());
        try (OpcUaConnector connector = connector("Basic256Sha256", "Sign")) {
            assertThat(connector.read(DEVICE, List.of(STATE)).get("state").isGood()).isFalse();
        }
        assertThat(pki.resolve("rejected").toFile().list()).as("the server certificate, for an operator").hasSize(1);
    }

    @Test
    void aServerThatDoesNotTrustTheEdgeRefusesTheSecuredChannel() throws Exception {
        Files.createDirectories(pki.resolve("trusted"));
        Files.write(pki.resolve("trusted").resolve("server.der"), serverChain[0].getEncoded());
        try (OpcUaConnector connector = connector("Basic256Sha256", "SignAndEncrypt")) {
            assertThat(connector.read(DEVICE, List.of(STATE)).get("state").isGood()).isFalse();
        }
        assertThat(serverQuarantine.getRejectedCertificates())
                .contains(OpcUaClientIdentity.loadOrCreate(pki).certificate());
    }

    @Test
    void aRefusedServerCertificateMovedToTrustedIsAcceptedAtTheNextConnectWithoutARestart() throws Exception {
        OpcUaClientIdentity identity = OpcUaClientIdentity.loadOrCreate(pki);
        serverTrust.addTrustedCertificate(identity.certificate());
        try (OpcUaConnector connector = connector("Basic256Sha256", "Sign")) {
            assertThat(connector.read(DEVICE, List.of(STATE)).get("state").isGood()).isFalse();
            String[] rejected = pki.resolve("rejected").toFile().list();
            assertThat(rejected).hasSize(1);

            // The operator's review: move the file from rejected/ to trusted/.
            Files.createDirectories(pki.resolve("trusted"));
            Files.move(pki.resolve("rejected").resolve(rejected[0]), pki.resolve("trusted").resolve(rejected[0]));

            Map<String, Sample> read = connector.read(DEVICE, List.of(STATE));
            assertThat(read.get("state").isGood()).as(connector.stats().lastError).isTrue();
        }
    }
}
