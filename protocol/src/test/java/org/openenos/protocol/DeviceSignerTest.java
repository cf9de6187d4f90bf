package org.openenos.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceSignerTest {
    private static final String CLIENT_ID =
            "dk456{ip=127.0.0.1,version=enos-mqtt-2.2.16,compress=DEFAULT}|securemode=2,signmethod=sha256,timestamp=1795569641301|";
    private static final String EXPECTED = "75b79eeba1318f42157802da515157c721d2b6d317083a2713e2541cbc2b5731";

    @Test
    void javaSdkClientIdWithBracesParsesIntoCidModeMethodAndTimestamp() {
        LoginClientId id = LoginClientId.parse(CLIENT_ID).orElseThrow();
        assertThat(id.cid()).isEqualTo("dk456{ip=127.0.0.1,version=enos-mqtt-2.2.16,compress=DEFAULT}");
        assertThat(id.secureMode()).isEqualTo(2);
        assertThat(id.signMethod()).isEqualTo("sha256");
        assertThat(id.timestamp()).isEqualTo("1795569641301");
    }

    @Test
    void referenceTestVectorProducesTheDocumentedPassword() {
        LoginClientId id = LoginClientId.parse(CLIENT_ID).orElseThrow();
        String sign = DeviceSigner.sign(id.signedParams("pk123", "dk456"), "secret789", SignMethod.SHA256);
        assertThat(sign).isEqualTo(EXPECTED);
        assertThat(DeviceSigner.verify(id.signedParams("pk123", "dk456"), "secret789", "sha256", EXPECTED)).isTrue();
    }

    @Test
    void upperCaseHexAndHmacAliasesAreAccepted() {
        Map<String, String> params = LoginClientId.parse(CLIENT_ID).orElseThrow().signedParams("pk123", "dk456");
        assertThat(DeviceSigner.verify(params, "secret789", "HmacSHA256", EXPECTED.toUpperCase(Locale.ROOT))).isTrue();
        String sha1 = DeviceSigner.sign(params, "secret789", SignMethod.SHA1).toUpperCase(Locale.ROOT);
        assertThat(DeviceSigner.verify(params, "secret789", "hmacsha1", sha1)).isTrue();
        String md5 = DeviceSigner.sign(params, "secret789", SignMethod.MD5);
        assertThat(DeviceSigner.verify(params, "secret789", "MD5", md5)).isTrue();
    }

    @Test
    void wrongSecretOrUnknownMethodIsRejected() {
        Map<String, String> params = LoginClientId.parse(CLIENT_ID).orElseThrow().signedParams("pk123", "dk456");
        assertThat(DeviceSigner.verify(params, "other", "sha256", EXPECTED)).isFalse();
        assertThat(DeviceSigner.verify(params, "secret789", "sha512", EXPECTED)).isFalse();
        assertThat(DeviceSigner.verify(params, "secret789", "sha256", null)).isFalse();
    }

    @Test
    void floatTimestampsFromThePythonSdkAreAccepted() {
        LoginClientId id = LoginClientId.parse("dk|securemode=3,signmethod=hmacsha256,timestamp=1700000000000.123|")
                .orElseThrow();
        assertThat(id.timestamp()).isEqualTo("1700000000000.123");
        assertThat(id.timestampMillis()).contains(1700000000000L);
    }

    @Test
    void clientIdWithoutLoginParametersDoesNotParse() {
        assertThat(LoginClientId.parse("plain-client")).isEmpty();
        assertThat(LoginClientId.parse("dk|securemode=2,timestamp=1|")).isEmpty();
        assertThat(LoginClientId.parse("dk|securemode=x,signmethod=sha1,timestamp=1|")).isEmpty();
    }
}
