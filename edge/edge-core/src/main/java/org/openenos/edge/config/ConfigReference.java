package org.openenos.edge.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The documentation of every key of the edge's YAML file, declared once beside the configuration records: its
 * default and its meaning. {@link #markdown()} walks the records themselves (so a new key without a line here is
 * an error, not a silent gap) and renders the reference table of docs/edge.md.
 */
public final class ConfigReference {
    /** Default (as the record fills it in, "" when required or absent) and meaning of one key. */
    record Key(String defaultValue, String meaning) {
    }

    private static Key key(String defaultValue, String meaning) {
        return new Key(defaultValue, meaning);
    }

    private static final Map<String, Key> KEYS = Map.ofEntries(
            Map.entry("EdgeConfig.gateway", key("required", "The edge's own identity as an EnOS gateway device.")),
            Map.entry("EdgeConfig.cloud", key("", "How the edge reaches the cloud.")),
            Map.entry("EdgeConfig.buffer", key("", "The store-and-forward log on local disk.")),
            Map.entry("EdgeConfig.status", key("", "The local status endpoint (`/health`, `/status`, `/metrics`).")),
            Map.entry("EdgeConfig.connections", key("[]", "Field connections, one per Modbus TCP address, RTU gateway, OPC UA server, IEC 104 outstation or MQTT broker.")),
            Map.entry("EdgeConfig.devices", key("[]", "Field devices; each becomes a sub-device of the gateway.")),

            Map.entry("GatewayConfig.productKey", key("required", "Product key of the gateway's product (product type `Gateway`).")),
            Map.entry("GatewayConfig.productSecret", key("", "Product secret: without `deviceSecret` the edge activates itself with it (dynamic activation) and keeps the secret it receives.")),
            Map.entry("GatewayConfig.serialNumber", key("required", "The gateway's device key in the cloud.")),
            Map.entry("GatewayConfig.deviceSecret", key("", "Device secret of the gateway; one of `deviceSecret` or `productSecret` is required.")),

            Map.entry("CloudConfig.host", key("localhost", "MQTT host of the cloud.")),
            Map.entry("CloudConfig.port", key("11883", "MQTT port (18883 for mutual TLS).")),
            Map.entry("CloudConfig.signMethod", key("sha256", "Login sign method: `sha256` or `sha1`.")),
            Map.entry("CloudConfig.requestTimeoutMillis", key("30000", "How long a request waits for the cloud's reply.")),
            Map.entry("CloudConfig.reconnectMinMillis", key("1000", "First reconnect delay after the link drops; doubles per failed attempt.")),
            Map.entry("CloudConfig.reconnectMaxMillis", key("5000", "Cap of the reconnect delay: the edge is back within this long after the cloud returns.")),
            Map.entry("CloudConfig.maxBatchItems", key("500", "Most items in one `measurepoint.post.batch`.")),
            Map.entry("CloudConfig.tls", key("", "Mutual TLS with a key store of your own (excludes `provisioning`).")),
            Map.entry("CloudConfig.provisioning", key("", "Zero-touch provisioning: the edge obtains its own certificate (excludes `tls`).")),

            Map.entry("TlsConfig.enabled", key("false", "Connect over mutual TLS.")),
            Map.entry("TlsConfig.keyStore", key("", "PKCS#12 file with the edge's key and certificate.")),
            Map.entry("TlsConfig.keyStorePassword", key("", "Password of the key store.")),
            Map.entry("TlsConfig.trustStore", key("", "PKCS#12 file with the cloud's CA certificate.")),
            Map.entry("TlsConfig.trustStorePassword", key("", "Password of the trust store.")),

            Map.entry("ProvisioningConfig.url", key("required", "HTTP address of the cloud's API (`http://host:8080`).")),
            Map.entry("ProvisioningConfig.tlsPort", key("18883", "MQTT over mutual TLS port used once the certificate is there.")),
            Map.entry("ProvisioningConfig.keyType", key("EC", "Key of the edge's certificate: `EC` (P-256) or `RSA` (2048).")),
            Map.entry("ProvisioningConfig.validDays", key("365", "Validity asked for the certificate, 1..730 days.")),
            Map.entry("ProvisioningConfig.renewAtFraction", key("0.667", "Renew once this fraction of the validity has passed.")),
            Map.entry("ProvisioningConfig.checkIntervalMillis", key("3600000", "How often the certificate's age is checked.")),

            Map.entry("BufferConfig.directory", key("data/buffer", "Directory of the log; locked by one edge process at a time.")),
            Map.entry("BufferConfig.maxBytes", key("4294967296", "Disk the log may use; the oldest segment is dropped first when full.")),
            Map.entry("BufferConfig.segmentBytes", key("min(64 MiB, maxBytes/8)", "Size of one log segment file.")),
            Map.entry("BufferConfig.fsync", key("true", "Force every appended batch to disk before it counts as stored.")),
            Map.entry("BufferConfig.replayBatchItems", key("200", "Items per `measurepoint.resume.batch` when the backlog is replayed.")),

            Map.entry("StatusConfig.bindAddress", key("127.0.0.1", "Interface of the status endpoint.")),
            Map.entry("StatusConfig.port", key("8089", "Port of the status endpoint; 0 picks a free port, a negative one turns it off.")),
            Map.entry("StatusConfig.reportIntervalMillis", key("30000", "How often the status (connections, devices, buffer, configuration versions) is reported to the cloud; 0 turns the reports off.")),

            Map.entry("ConnectionConfig.id", key("required", "Name the devices refer to.")),
            Map.entry("ConnectionConfig.type", key("required", "`MODBUS_TCP`, `MODBUS_RTU_OVER_TCP` (RTU frames through a TCP gateway), `MODBUS_RTU` (a serial line of the edge), `OPC_UA`, `IEC104` (IEC 60870-5-104) or `MQTT` (devices publishing JSON to a broker).")),
            Map.entry("ConnectionConfig.host", key("required for Modbus TCP, IEC 104, MQTT", "Host of the Modbus device or gateway, the IEC 104 outstation or the MQTT broker.")),
            Map.entry("ConnectionConfig.port", key("502 (IEC 104: 2404, MQTT: 1883)", "Port of the Modbus device, IEC 104 outstation or MQTT broker.")),
            Map.entry("ConnectionConfig.timeoutMillis", key("1000", "Request (and connect) timeout; on IEC 104 the connect timeout t0 and the wait for a command's confirmation.")),
            Map.entry("ConnectionConfig.maxRegistersPerRequest", key("125", "Most registers one Modbus read covers; neighbouring points are read together up to this.")),
            Map.entry("ConnectionConfig.endpointUrl", key("required for OPC UA", "OPC UA endpoint, `opc.tcp://host:4840/path`.")),
            Map.entry("ConnectionConfig.securityPolicy", key("None", "`None`, `Basic256Sha256`, `Aes128_Sha256_RsaOaep` or `Aes256_Sha256_RsaPss`.")),
            Map.entry("ConnectionConfig.messageSecurityMode", key("None", "`None` (with policy None), `Sign` or `SignAndEncrypt`.")),
            Map.entry("ConnectionConfig.username", key("", "OPC UA or MQTT user name; anonymous without it.")),
            Map.entry("ConnectionConfig.password", key("", "OPC UA or MQTT password.")),
            Map.entry("ConnectionConfig.pkiDirectory", key("data/opcua-pki", "The edge's OPC UA certificate (`client.p12`), trusted server certificates (`trusted/`) and refused ones (`rejected/`).")),

            Map.entry("ConnectionConfig.commonAddress", key("1 (IEC 104)", "Common address of ASDU of the outstation (station address), 1..65534.")),
            Map.entry("ConnectionConfig.t1Millis", key("15000 (IEC 104)", "t1: an I-frame or test frame not acknowledged within this closes the connection.")),
            Map.entry("ConnectionConfig.t2Millis", key("10000 (IEC 104)", "t2: the edge acknowledges received I-frames at the latest after this; shorter than t1.")),
            Map.entry("ConnectionConfig.t3Millis", key("20000 (IEC 104)", "t3: a test frame is sent after this long without traffic.")),

            Map.entry("ConnectionConfig.clientId", key("openenos-edge-<id> (MQTT)", "MQTT client id of the edge at the broker.")),

            Map.entry("ConnectionConfig.serialPort", key("required for MODBUS_RTU", "Serial device of the line, `/dev/ttyUSB0` or `/dev/ttyS1`.")),
            Map.entry("ConnectionConfig.baudRate", key("9600 (MODBUS_RTU)", "Line speed in bit/s.")),
            Map.entry("ConnectionConfig.parity", key("NONE (MODBUS_RTU)", "`NONE`, `EVEN` or `ODD`.")),
            Map.entry("ConnectionConfig.dataBits", key("8 (MODBUS_RTU)", "Data bits per character.")),
            Map.entry("ConnectionConfig.stopBits", key("1 (MODBUS_RTU)", "Stop bits, 1 or 2.")),

            Map.entry("DeviceConfig.id", key("required", "Name of the device on this edge.")),
            Map.entry("DeviceConfig.connection", key("required", "Id of its connection.")),
            Map.entry("DeviceConfig.unitId", key("1", "Modbus unit (slave) id, 0..255.")),
            Map.entry("DeviceConfig.productKey", key("required", "Product key of the sub-device in the cloud.")),
            Map.entry("DeviceConfig.deviceKey", key("required", "Device key of the sub-device.")),
            Map.entry("DeviceConfig.deviceSecret", key("required", "Device secret of the sub-device (sub-device login).")),
            Map.entry("DeviceConfig.pollIntervalMillis", key("1000", "Poll period; missed cycles are skipped, never replayed.")),
            Map.entry("DeviceConfig.upload", key("REALTIME", "When measure points are sent.")),
            Map.entry("DeviceConfig.points", key("[]", "Raw field points.")),
            Map.entry("DeviceConfig.template", key("", "Mapping of raw points onto the model; share one with a YAML anchor.")),
            Map.entry("DeviceConfig.offlineAfterFailedPolls", key("3", "Polls in a row without a good value after which the device is in outage: offline in the cloud, one WARN line.")),
            Map.entry("DeviceConfig.outagePollIntervalMillis", key("max(10000, pollIntervalMillis)", "Poll period while in outage, so a dead unit costs its connection little.")),

            Map.entry("UploadConfig.mode", key("REALTIME", "`REALTIME` every sample, `TIMER` at most once per interval, `CHANGE` on change beyond the deadband.")),
            Map.entry("UploadConfig.intervalMillis", key("60000", "Interval of `TIMER`.")),
            Map.entry("UploadConfig.deadband", key("0.0", "Smallest change `CHANGE` sends.")),
            Map.entry("UploadConfig.withQuality", key("true", "Send `{value, quality}` (points with quality); without it failed reads are left out.")),

            Map.entry("RawPointConfig.id", key("required", "Name of the raw point, used by mappings.")),
            Map.entry("RawPointConfig.area", key("required for Modbus", "`COIL`, `DISCRETE_INPUT`, `INPUT_REGISTER` or `HOLDING_REGISTER`.")),
            Map.entry("RawPointConfig.address", key("required for Modbus", "0-based address in the area (register 40001 is holding address 0).")),
            Map.entry("RawPointConfig.bit", key("", "One bit 0..15 of a register, for a `BOOL`.")),
            Map.entry("RawPointConfig.type", key("BOOL on bit areas, else UINT16", "`BOOL`, `INT16`, `UINT16`, `INT32`, `UINT32`, `INT64`, `FLOAT32`, `FLOAT64`.")),
            Map.entry("RawPointConfig.byteOrder", key("BIG", "Byte order inside a register: `BIG` (AB) or `LITTLE` (BA).")),
            Map.entry("RawPointConfig.wordOrder", key("BIG", "Register order of 32/64-bit values: `BIG` (ABCD, high word first) or `LITTLE` (CDAB, word-swapped).")),
            Map.entry("RawPointConfig.scale", key("1.0", "Engineering value = raw * scale + offset.")),
            Map.entry("RawPointConfig.offset", key("0.0", "See `scale`.")),
            Map.entry("RawPointConfig.nodeId", key("required for OPC UA", "OPC UA node id, `ns=2;s=Pump/Speed`.")),
            Map.entry("RawPointConfig.subscribe", key("true on OPC UA", "Read by a monitored item (polled at `samplingMillis` when the server offers no subscriptions); `false` polls.")),
            Map.entry("RawPointConfig.samplingMillis", key("1000", "Sampling interval of the monitored item.")),

            Map.entry("RawPointConfig.ioa", key("required for IEC 104", "Information object address of the monitored value.")),
            Map.entry("RawPointConfig.command", key("", "IEC 104 command a write sends: `SINGLE` (C_SC_NA_1), `DOUBLE` (C_DC_NA_1) or `SETPOINT_FLOAT` (C_SE_NC_1).")),
            Map.entry("RawPointConfig.commandIoa", key("ioa", "Information object address the command goes to.")),

            Map.entry("RawPointConfig.topic", key("required for MQTT", "MQTT topic filter the value arrives on (`+` and `#` allowed).")),
            Map.entry("RawPointConfig.jsonPath", key("required for MQTT", "JSONPath of the value in the message, `$.power` or `$.meters[0].kw`.")),
            Map.entry("RawPointConfig.timePath", key("", "JSONPath of the sample time in the message: epoch milliseconds or ISO-8601; the time of arrival without it.")),

            Map.entry("TemplateConfig.measurepoints", key("[]", "Model measure points computed from raw points.")),
            Map.entry("TemplateConfig.calculated", key("[]", "Points computed on the edge from mapped points.")),
            Map.entry("TemplateConfig.rules", key("[]", "Local threshold rules raising device events.")),
            Map.entry("TemplateConfig.controls", key("[]", "Cloud commands mapped to writes and method calls.")),

            Map.entry("MappingConfig.measurepoint", key("required", "Model measure point id.")),
            Map.entry("MappingConfig.input", key("", "One raw point (shorthand of `inputs: [x]`).")),
            Map.entry("MappingConfig.inputs", key("[]", "Raw points the formula takes, in order.")),
            Map.entry("MappingConfig.formula", key("EQUAL", "One of the formulas below.")),
            Map.entry("MappingConfig.params", key("{}", "The formula's parameters; unknown ones are refused.")),
            Map.entry("MappingConfig.expression", key("", "An expression over raw point ids instead of a formula.")),

            Map.entry("CalculatedPointConfig.measurepoint", key("required", "Model measure point id.")),
            Map.entry("CalculatedPointConfig.expression", key("", "Expression over measure points defined before it.")),
            Map.entry("CalculatedPointConfig.aggregate", key("", "`AVG`, `MAX`, `MIN` over a sliding window, or `INTEGRAL`.")),
            Map.entry("CalculatedPointConfig.source", key("required with aggregate", "Measure point aggregated.")),
            Map.entry("CalculatedPointConfig.windowSeconds", key("60", "Window of `AVG`, `MAX`, `MIN`.")),
            Map.entry("CalculatedPointConfig.unitSeconds", key("3600", "Time unit of `INTEGRAL` (3600: kW to kWh).")),

            Map.entry("RuleConfig.id", key("required", "Name of the rule.")),
            Map.entry("RuleConfig.measurepoint", key("required", "Measure point watched.")),
            Map.entry("RuleConfig.above", key("", "Raise when the value goes above this.")),
            Map.entry("RuleConfig.below", key("", "Raise when the value goes below this.")),
            Map.entry("RuleConfig.event", key("required", "Model event id raised, once per crossing.")),

            Map.entry("ControlConfig.measurepoint", key("", "`setMeasurepoint` of this point writes `point`.")),
            Map.entry("ControlConfig.service", key("", "`invokeService` of this service writes `point` or calls `methodNode`.")),
            Map.entry("ControlConfig.point", key("", "Raw point written (scale and offset inverted).")),
            Map.entry("ControlConfig.inputParam", key("", "Service input parameter written to `point`.")),
            Map.entry("ControlConfig.value", key("", "Constant written to `point` instead.")),
            Map.entry("ControlConfig.objectNode", key("required with methodNode", "OPC UA object the method belongs to.")),
            Map.entry("ControlConfig.methodNode", key("", "OPC UA method called.")),
            Map.entry("ControlConfig.inputs", key("[]", "Method arguments in order: `{param, type}`.")),
            Map.entry("ControlConfig.outputs", key("[]", "Names of the method's output values in the reply.")),
            Map.entry("MethodInput.param", key("required", "Service input parameter.")),
            Map.entry("MethodInput.type", key("required", "OPC UA type it is sent as (a raw data type).")));

    private ConfigReference() {
    }

    /** The reference table of every key, by YAML path; fails on a key declared in a record but not here. */
    public static String markdown() {
        StringBuilder md = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        walk(EdgeConfig.class, "", md);
        return md.toString();
    }

    private static void walk(Class<?> record, String prefix, StringBuilder md) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = record.getSimpleName() + "." + component.getName();
            Key key = KEYS.get(name);
            if (key == null) {
                throw new IllegalStateException("configuration key " + name + " has no entry in ConfigReference");
            }
            Class<?> nested = nestedRecord(component.getGenericType());
            boolean list = List.class.isAssignableFrom(component.getType());
            String path = prefix + component.getName() + (list && nested != null ? "[]" : "");
            md.append("| `").append(path).append("` | ")
                    .append(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`").append(" | ")
                    .append(key.meaning()).append(values(component.getType(), key.meaning())).append(" |\n");
            if (nested != null) {
                walk(nested, path + ".", md);
            }
        }
    }

    /** The values of an enum key, from the enum itself, unless the meaning already names them. */
    private static String values(Class<?> type, String meaning) {
        if (!type.isEnum() || type == org.openenos.edge.mapping.Formula.class
                || meaning.contains("`" + type.getEnumConstants()[0] + "`")) {
            return "";
        }
        return " One of " + Arrays.stream(type.getEnumConstants()).map(c -> "`" + c + "`")
                .collect(Collectors.joining(", ")) + ".";
    }

    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> c) {
            return c.isRecord() ? c : null;
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return nestedRecord(p.getActualTypeArguments()[0]);
        }
        return null;
    }
}
