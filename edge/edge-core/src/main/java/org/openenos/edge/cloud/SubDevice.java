package org.openenos.edge.cloud;

/** A field device as the cloud knows it: the credentials used for topo add and sub-device login. */
public record SubDevice(String productKey, String deviceKey, String deviceSecret) {
    @Override
    public String toString() {
        return productKey + "/" + deviceKey;
    }
}
