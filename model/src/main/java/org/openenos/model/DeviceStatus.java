package org.openenos.model;

/** Device connection state; a device is inactive until its first successful login. */
public enum DeviceStatus {
    inactive, online, offline, disabled
}
