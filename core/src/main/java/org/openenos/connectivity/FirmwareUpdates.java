package org.openenos.connectivity;

import java.util.List;
import java.util.Map;

/**
 * What devices tell the platform about firmware ({@code ota.device.inform}, {@code ota.device.progress}) and ask of
 * it ({@code ota.device.getversion}). The OTA context implements it; without one the topics are acknowledged and
 * nothing is offered.
 */
public interface FirmwareUpdates {
    /** EnOS device reply codes of {@code ota.device.progress} (reference: developing_device_ota). */
    int TASK_NOT_FOUND = 764;
    int TASK_NOT_STARTED = 765;

    FirmwareUpdates NONE = new FirmwareUpdates() {
        @Override
        public void versionReported(DeviceRef device, String version) {
        }

        @Override
        public int progressReported(DeviceRef device, String step, String desc) {
            return 0;
        }

        @Override
        public List<Map<String, Object>> availableUpgrades(DeviceRef device) {
            return List.of();
        }
    };

    /** The device runs {@code version} now (after connecting, or after an upgrade). */
    void versionReported(DeviceRef device, String version);

    /** A step of the device's current upgrade: 0 when taken, else a device reply code (764, 765). */
    int progressReported(DeviceRef device, String step, String desc);

    /** Firmware descriptors {@code {version, signMethod, sign, fileUrl, fileSize}} the device may upgrade to. */
    List<Map<String, Object>> availableUpgrades(DeviceRef device);
}
