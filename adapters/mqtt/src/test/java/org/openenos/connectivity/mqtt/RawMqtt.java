package org.openenos.connectivity.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.openenos.testkit.DeviceSigns;

/** Hand-made MQTT 3.1.1 frames for tests that must send what no well-behaved client would. */
final class RawMqtt {
    private RawMqtt() {
    }

    /** A valid, signed CONNECT of a device (keep-alive 60 s). */
    static byte[] connect(String productKey, String deviceKey, String secret) {
        String ts = "1700000000000";
        String clientId = DeviceSigns.clientId(deviceKey, 2, ts);
        String password = DeviceSigns.password(deviceKey, productKey, deviceKey, ts, secret);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);
        body.write(0xC2); // user name, password, clean session
        body.write(0);
        body.write(60);
        string(body, clientId);
        string(body, deviceKey + "&" + productKey);
        string(body, password);
        return frame(0x10, body.toByteArray());
    }

    static byte[] publishQos0(String topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.writeBytes(payload);
        return frame(0x30, body.toByteArray());
    }

    static byte[] frame(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    /** Reads until the server closes the socket; returns -1 when it did not close within the socket's timeout. */
    static int readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int total = 0;
        try {
            int n;
            byte[] buffer = new byte[4096];
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            return total;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return total; // reset by the server counts as closed
        }
    }
}
