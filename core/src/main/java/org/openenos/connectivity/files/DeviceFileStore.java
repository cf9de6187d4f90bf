package org.openenos.connectivity.files;

import java.util.Optional;

/** The metadata of device files (PostgreSQL table {@code device_files}). */
public interface DeviceFileStore {
    void insert(DeviceFile file);

    Optional<DeviceFile> find(String fileId);

    boolean delete(String fileId);
}
