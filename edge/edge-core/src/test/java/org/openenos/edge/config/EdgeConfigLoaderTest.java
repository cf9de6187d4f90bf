package org.openenos.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.Endianness;
import org.openenos.edge.field.ModbusArea;
import org.openenos.edge.mapping.Formula;

class EdgeConfigLoaderTest {
    static final String VALID = """
            gateway:
              productKey: gwPk
              productSecret: gwPs
              serialNumber: EDGE-001
            cloud:
              host: cloud.example
              port: 11883
            buffer:
              directory: build/buffer
              maxBytes: 1048576
            connections:
              - id: plc
                type: modbus_tcp
                host: 127.0.0.1
                port: 1502
              - id: scada
                type: OPC_UA
                endpointUrl: opc.tcp://localhost:4840/edge
                securityPolicy: Basic256Sha256
                messageSecurityMode: SignAndEncrypt
            devices:
              - id: meter1
                connection: plc
                unitId: 3
                productKey: meterPk
                deviceKey: meter1
                deviceSecret: s3cret
                upload: {mode: CHANGE, deadband: 0.5}
                points:
                  - {id: v, area: HOLDING_REGISTER, address: 0, type: FLOAT32, wordOrder: LITTLE}
                  - {id: i, area: HOLDING_REGISTER, address: 2, type: INT16, scale: 0.1}
                  - {id: status, area: INPUT_REGISTER, address: 10}
                  - {id: sp, area: HOLDING_REGISTER, address: 20, type: UINT16}
                template:
                  measurepoints:
                    - {measurepoint: voltage, input: v}
                    - {measurepoint: power, expression: "v * i / 1000"}
                    - {measurepoint: alarm, formula: BIT_N, input: status, params: {n: 3}}
                  calculated:
                    - {measurepoint: power_avg, aggregate: AVG, source: power, windowSeconds: 60}
                    - {measurepoint: energy, aggregate: INTEGRAL, source: power}
                  rules:
                    - {id: high, measurepoint: voltage, above: 250, event: overvoltage}
                  controls:
                    - {measurepoint: setpoint, point: sp}
              - id: tank
                connection: scada
                productKey: tankPk
                deviceKey: tank1
                deviceSecret: t
                points:
                  - {id: level, nodeId: "ns=2;s=Level", type: FLOAT64, subscribe: true}
            """;

    @Test
    void aValidFileYieldsTheFieldModelWithDefaults() {
        EdgeConfig config = parse(VALID);
        assertThat(config.gateway().deviceKey()).isEqualTo("EDGE-001");
        assertThat(config.connections()).extracting(ConnectionConfig::type)
                .containsExactly(ConnectionType.MODBUS_TCP, ConnectionType.OPC_UA);
        DeviceConfig meter = config.devices().getFirst();
        RawPointConfig v = meter.point("v");
        assertThat(v.area()).isEqualTo(ModbusArea.HOLDING_REGISTER);
        assertThat(v.type()).isEqualTo(DataType.FLOAT32);
        assertThat(v.wordOrder()).isEqualTo(Endianness.LITTLE);
        assertThat(v.byteOrder()).isEqualTo(Endianness.BIG);
        assertThat(meter.point("status").type()).isEqualTo(DataType.UINT16);
        assertThat(meter.template().measurepoints().get(2).formula()).isEqualTo(Formula.BIT_N);
        assertThat(meter.upload().mode()).isEqualTo(UploadConfig.UploadMode.CHANGE);
        assertThat(config.buffer().maxBytes()).isEqualTo(1_048_576L);
        assertThat(config.devices().get(1).point("level").subscribe()).isTrue();
        assertThat(BufferConfig.defaults().maxBytes()).isEqualTo(4L * 1024 * 1024 * 1024);
    }

    @Test
    void aTemplateThatUsesAnUnknownRawPointIsRefusedWithItsLine() {
        String bad = VALID.replace("expression: \"v * i / 1000\"", "expression: \"v * current / 1000\"");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.yaml:")
                .hasMessageContaining("unknown raw point 'current'")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isBetween(30, 70));
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheLineWhereItStands() {
        String bad = VALID.replace("    unitId: 3", "    unitID: 3");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unitID")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(24));
    }

    @Test
    void anUnknownDataTypeOrFormulaIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("type: FLOAT32", "type: FLOAT33")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FLOAT33");
        assertThatThrownBy(() -> parse(VALID.replace("formula: BIT_N", "formula: BIT_X")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BIT_X");
    }

    @Test
    void formulaParametersAndArityAreChecked() {
        assertThatThrownBy(() -> parse(VALID.replace("params: {n: 3}", "params: {}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BIT_N needs a numeric param 'n'");
        assertThatThrownBy(() -> parse(VALID.replace("expression: \"v * i / 1000\"", "expression: \"v * (i / 1000\"")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing ')'");
    }

    @Test
    void aControlOnAReadOnlyAreaAndAnUnknownConnectionAreRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("{measurepoint: setpoint, point: sp}", "{measurepoint: setpoint, point: status}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("read-only area INPUT_REGISTER");
        assertThatThrownBy(() -> parse(VALID.replace("connection: scada", "connection: nowhere")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown connection 'nowhere'");
    }

    @Test
    void anOpcUaConnectionWithAnUnknownSecurityPolicyIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("securityPolicy: Basic256Sha256", "securityPolicy: Basic128")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown securityPolicy Basic128");
    }

    @Test
    void devicesShareOneTemplateAndPointListThroughYamlAnchors() {
        String shared = VALID
                .replace("    points:\n      - {id: v,", "    points: &meterPoints\n      - {id: v,")
                .replace("    template:\n      measurepoints:", "    template: &meter\n      measurepoints:")
                .replace("  - id: tank\n", """
                          - id: meter2
                            connection: plc
                            unitId: 4
                            productKey: meterPk
                            deviceKey: meter2
                            deviceSecret: s3cret
                            points: *meterPoints
                            template: *meter
                          - id: tank
                        """);
        EdgeConfig config = parse(shared);
        DeviceConfig first = config.devices().get(0);
        DeviceConfig second = config.devices().get(1);
        assertThat(second.id()).isEqualTo("meter2");
        assertThat(second.unitId()).isEqualTo(4);
        assertThat(second.points()).isEqualTo(first.points());
        assertThat(second.template()).isEqualTo(first.template());
        assertThat(second.template().measurepoints()).extracting(MappingConfig::measurepoint)
                .containsExactly("voltage", "power", "alarm");
    }

    @Test
    void aFormulaParameterTheFormulaDoesNotTakeIsRefusedNamingFormulaParameterAndAllowedOnes() {
        String product = VALID.replace("{measurepoint: power, expression: \"v * i / 1000\"}",
                "{measurepoint: power, formula: PRODUCT, inputs: [v, i], params: {factor: 0.1}}");
        assertThatThrownBy(() -> parse(product)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("measure point 'power'")
                .hasMessageContaining("PRODUCT")
                .hasMessageContaining("'factor'")
                .hasMessageContaining("it takes no params");
        String bitN = VALID.replace("params: {n: 3}", "params: {n: 3, bit: 4}");
        assertThatThrownBy(() -> parse(bitN)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("BIT_N")
                .hasMessageContaining("'bit'")
                .hasMessageContaining("allowed: n");
    }

    static final String IEC104 = """
            gateway: {productKey: gwPk, deviceSecret: s, serialNumber: EDGE-001}
            connections:
              - {id: substation, type: IEC104, host: 10.0.5.20, commonAddress: 7}
            devices:
              - id: feeder
                connection: substation
                productKey: pk
                deviceKey: feeder
                deviceSecret: s
                points:
                  - {id: p, ioa: 100}
                  - {id: breaker, ioa: 102, command: SINGLE, commandIoa: 2102}
                  - {id: limit, ioa: 120, command: SETPOINT_FLOAT}
                template:
                  measurepoints:
                    - {measurepoint: power, input: p}
                  controls:
                    - {measurepoint: limit, point: limit}
                    - {service: open, point: breaker, value: false}
            """;

    @Test
    void anIec104ConnectionAddressesPointsByInformationObjectWithTheProtocolDefaults() {
        EdgeConfig config = parse(IEC104);

        ConnectionConfig substation = config.connection("substation");
        assertThat(substation.port()).isEqualTo(2404);
        assertThat(substation.commonAddress()).isEqualTo(7);
        assertThat(substation.t1Millis()).isEqualTo(15_000);
        assertThat(substation.t2Millis()).isEqualTo(10_000);
        assertThat(substation.t3Millis()).isEqualTo(20_000);
        RawPointConfig breaker = config.devices().getFirst().points().get(1);
        assertThat(breaker.command()).isEqualTo(Iec104Command.SINGLE);
        assertThat(breaker.commandIoa()).isEqualTo(2102);
        assertThat(config.devices().getFirst().points().get(2).commandIoa()).as("defaults to the ioa").isEqualTo(120);
    }

    @Test
    void anIec104PointWithoutIoaOrAControlWithoutCommandIsRefused() {
        assertThatThrownBy(() -> parse(IEC104.replace("{id: p, ioa: 100}", "{id: p, nodeId: x}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs an 'ioa' on a IEC104 connection");
        assertThatThrownBy(() -> parse(IEC104.replace(", command: SETPOINT_FLOAT", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has no 'command'");
    }

    @Test
    void anMqttConnectionMapsPointsByTopicFilterAndJsonPath() {
        EdgeConfig config = parse("""
                gateway: {productKey: gwPk, deviceSecret: s, serialNumber: EDGE-001}
                connections:
                  - {id: broker, type: MQTT, host: 10.0.5.30, username: edge, password: pw}
                devices:
                  - id: meter
                    connection: broker
                    productKey: pk
                    deviceKey: meter
                    deviceSecret: s
                    points:
                      - {id: p, topic: "site/+/meter1", jsonPath: "$.p", timePath: "$.ts"}
                    template:
                      measurepoints:
                        - {measurepoint: power, input: p}
                """);

        assertThat(config.connection("broker").port()).isEqualTo(1883);
        assertThat(config.connection("broker").clientId()).isEqualTo("openenos-edge-broker");
        assertThat(config.devices().getFirst().points().getFirst().jsonPath()).isEqualTo("$.p");
        assertThatThrownBy(() -> parse(IEC104.replace("type: IEC104", "type: MQTT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a 'topic' and 'jsonPath'");
    }

    static EdgeConfig parse(String yaml) {
        return new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "edge.yaml");
    }
}
