package org.openenos.connectivity.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.raw.PayloadScript;
import org.openenos.error.OpenEnosException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A parsing script for a real little-endian binary protocol, as a product with {@code dataFormat: Custom} would
 * have (enos-protocol.md §1.1 "Custom means raw payloads converted by a JS parsing script", §2 "Raw topics … carry
 * binary bodies with no id/method; … A script converts them", §3.1 {@code model/up_raw}, §3.2 {@code model/down_raw}).
 * Frame: byte 0 message type; type 0x01 = measurement: float32 power, int16 temperature in tenths of a degree;
 * type 0x02 = set power command: float32; type 0x81 = reply: uint16 code.
 */
class GraalJsScriptEngineTest {
    static final String SCRIPT = """
            function rawDataToProtocol(bytes) {
              var view = new DataView(new Uint8Array(bytes).buffer);
              var type = view.getUint8(0);
              if (type === 0x01) {
                return {id: String(view.getUint16(7, true)), version: '1.0', method: 'thing.measurepoint.post',
                        params: {measurepoints: {power: Math.round(view.getFloat32(1, true) * 1000) / 1000,
                                                 temp: view.getInt16(5, true) / 10}}};
              }
              if (type === 0x81) {
                return {id: String(view.getUint16(3, true)), code: view.getUint16(1, true), data: {}};
              }
              throw new Error('unknown message type ' + type);
            }
            function protocolToRawData(message) {
              if (message.method === 'thing.service.setPower') {
                var command = new DataView(new ArrayBuffer(7));
                command.setUint8(0, 0x02);
                command.setFloat32(1, message.params.power, true);
                command.setUint16(5, Number(message.id), true);
                return Array.from(new Uint8Array(command.buffer));
              }
              var reply = new DataView(new ArrayBuffer(5));
              reply.setUint8(0, 0x81);
              reply.setUint16(1, message.code, true);
              reply.setUint16(3, Number(message.id), true);
              return Array.from(new Uint8Array(reply.buffer));
            }
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static GraalJsScriptEngine engine;

    @BeforeAll
    static void start() {
        engine = new GraalJsScriptEngine(Duration.ofSeconds(2), 1_000_000);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aBinaryMeasurementFrameBecomesAMeasurepointPostAndItsReplyABinaryAcknowledgement() {
        PayloadScript script = engine.compile(SCRIPT);
        byte[] frame = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x01).putFloat(12.5f)
                .putShort((short) -215).putShort((short) 77).array();
        JsonNode message = JSON.readTree(script.toProtocol(frame));
        assertThat(message.path("method").asString()).isEqualTo("thing.measurepoint.post");
        assertThat(message.path("id").asString()).isEqualTo("77");
        assertThat(message.path("params").path("measurepoints").path("power").asDouble()).isEqualTo(12.5);
        assertThat(message.path("params").path("measurepoints").path("temp").asDouble()).isEqualTo(-21.5);

        byte[] ack = script.toRaw("{\"id\":\"77\",\"code\":200,\"data\":{}}");
        assertThat(ack).isEqualTo(ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x81)
                .putShort((short) 200).putShort((short) 77).array());
    }

    @Test
    void aServiceCommandBecomesABinaryFrameAndTheDevicesBinaryReplyBecomesItsJsonReply() {
        PayloadScript script = engine.compile(SCRIPT);
        byte[] command = script.toRaw("""
                {"id":"9","version":"1.0","method":"thing.service.setPower","params":{"power":3.25}}""");
        ByteBuffer frame = ByteBuffer.wrap(command).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(frame.get()).isEqualTo((byte) 0x02);
        assertThat(frame.getFloat()).isEqualTo(3.25f);
        assertThat(frame.getShort()).isEqualTo((short) 9);

        byte[] reply = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x81).putShort((short) 200)
                .putShort((short) 9).array();
        JsonNode json = JSON.readTree(script.toProtocol(reply));
        assertThat(json.path("id").asString()).isEqualTo("9");
        assertThat(json.path("code").asInt()).isEqualTo(200);
    }

    @Test
    void aScriptThatLoopsForeverOrAllocatesWithoutEndIsStoppedAndTheEngineGoesOn() {
        PayloadScript loop = engine.compile("""
                function rawDataToProtocol(b) { while (true) {} }
                function protocolToRawData(m) { var a = []; while (true) { a.push(new Array(1000).fill(1)); } }""");
        long start = System.nanoTime();
        assertThatThrownBy(() -> loop.toProtocol(new byte[]{1})).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("stopped");
        assertThatThrownBy(() -> loop.toRaw("{}")).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(engine.compile(SCRIPT).toRaw("{\"id\":\"1\",\"code\":200}")).hasSize(5);
    }

    @Test
    void aScriptReachesNoHostClassesFilesOrEnvironment() {
        PayloadScript probe = engine.compile("""
                function rawDataToProtocol(b) {
                  return {java: typeof Java, polyglot: typeof Polyglot, require: typeof require,
                          process: typeof process};
                }
                function protocolToRawData(m) { load('/etc/hostname'); return [0]; }""");
        JsonNode seen = JSON.readTree(probe.toProtocol(new byte[0]));
        assertThat(seen.path("java").asString()).isEqualTo("undefined");
        assertThat(seen.path("require").asString()).isEqualTo("undefined");
        assertThat(seen.path("process").asString()).isEqualTo("undefined");
        assertThatThrownBy(() -> probe.toRaw("{}")).as("reading a file").isInstanceOf(OpenEnosException.class);
    }

    @Test
    void aScriptWithoutBothFunctionsOrThatDoesNotParseOrReturnsNoBytesIsRefused() {
        assertThatThrownBy(() -> engine.compile("function rawDataToProtocol(b) { return {}; }"))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("protocolToRawData");
        assertThatThrownBy(() -> engine.compile("function (")).isInstanceOf(OpenEnosException.class);
        PayloadScript bad = engine.compile("""
                function rawDataToProtocol(b) { return {}; }
                function protocolToRawData(m) { return [1, 300]; }""");
        assertThatThrownBy(() -> bad.toRaw("{}")).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("not a byte");
    }

    @Test
    void nothingAConversionLeavesBehindIsSeenByTheNextConversionOfTheSameScript() {
        PayloadScript script = engine.compile("""
                var count = 0;
                let seen = [];
                function rawDataToProtocol(b) {
                  count++; seen.push(b[0]);
                  implicitGlobal = (typeof implicitGlobal === 'undefined' ? 0 : implicitGlobal) + 1;
                  this.viaThis = (this.viaThis || 0) + 1;
                  try { Array.prototype.extra = (Array.prototype.extra || 0) + 1; } catch (e) {}
                  try { JSON.parse = function () { return 'hijacked'; }; } catch (e) {}
                  try { Object.defineProperty(globalThis, 'pinned', {value: 1, configurable: false}); } catch (e) {}
                  return {count: count, seen: seen.length, implicitGlobal: implicitGlobal, viaThis: this.viaThis,
                          extra: [].extra === undefined ? 0 : [].extra, json: JSON.parse('1'),
                          pinned: typeof pinned};
                }
                function protocolToRawData(m) { return [count]; }""");
        for (int i = 0; i < 5; i++) {
            JsonNode r = JSON.readTree(script.toProtocol(new byte[]{(byte) i}));
            assertThat(r.path("count").asInt()).as("top-level var, conversion " + i).isEqualTo(1);
            assertThat(r.path("seen").asInt()).as("top-level let").isEqualTo(1);
            assertThat(r.path("implicitGlobal").asInt()).as("an undeclared variable lives one conversion")
                    .isEqualTo(1);
            assertThat(r.path("viaThis").asInt()).isEqualTo(1);
            assertThat(r.path("extra").asInt()).as("built-ins are frozen").isZero();
            assertThat(r.path("json").asInt()).as("built-ins cannot be replaced").isEqualTo(1);
        }
        assertThat(script.toRaw("{}")).containsExactly(0);
    }

    @Test
    void twoScriptsNeverShareAContext() {
        PayloadScript writer = engine.compile("""
                function rawDataToProtocol(b) { shared = 'writer'; return {seen: typeof shared}; }
                function protocolToRawData(m) { return []; }""");
        PayloadScript reader = engine.compile("""
                function rawDataToProtocol(b) { return {seen: typeof shared}; }
                function protocolToRawData(m) { return []; }""");
        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(writer.toProtocol(new byte[0])).path("seen").asString()).isEqualTo("string");
            assertThat(JSON.readTree(reader.toProtocol(new byte[0])).path("seen").asString())
                    .isEqualTo("undefined");
        }
    }

    @Test
    void theStatementAndTimeLimitsApplyToEveryConversionOfAReusedContext() {
        try (GraalJsScriptEngine small = new GraalJsScriptEngine(Duration.ofSeconds(3), 5_000, 2)) {
            PayloadScript script = small.compile("""
                    function rawDataToProtocol(b) {
                      var n = 0;
                      for (var i = 0; i < b[0] * 1000; i++) { n++; }
                      if (b[0] === 255) { while (true) {} }
                      return {n: n};
                    }
                    function protocolToRawData(m) { return []; }""");
            for (int i = 0; i < 10; i++) {
                // about 2,000 statements each: 20,000 in all, four times the limit of one conversion
                assertThat(JSON.readTree(script.toProtocol(new byte[]{1})).path("n").asInt()).isEqualTo(1000);
            }
            assertThat(small.idleContexts()).as("the context was reused").isEqualTo(1);
            assertThatThrownBy(() -> script.toProtocol(new byte[]{10})).as("10,000 statements in one conversion")
                    .isInstanceOf(OpenEnosException.class).hasMessageContaining("stopped");
            long start = System.nanoTime();
            assertThatThrownBy(() -> script.toProtocol(new byte[]{(byte) 255}))
                    .isInstanceOf(OpenEnosException.class).hasMessageContaining("stopped");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(JSON.readTree(script.toProtocol(new byte[]{1})).path("n").asInt())
                    .as("a stopped context is replaced").isEqualTo(1000);
        }
    }

    @Test
    void aClosedScriptKeepsNoContext() {
        try (GraalJsScriptEngine own = new GraalJsScriptEngine(Duration.ofSeconds(2), 1_000_000, 4)) {
            PayloadScript script = own.compile(SCRIPT);
            script.toRaw("{\"id\":\"1\",\"code\":200}");
            assertThat(own.idleContexts()).isEqualTo(1);
            script.close();
            assertThat(own.idleContexts()).isZero();
        }
    }
}
