package org.openenos.connectivity;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openenos.registry.DeviceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of connected devices: one per device, so a new login closes the previous connection. Sub-devices
 * logged in through a gateway are indexed too, so commands for them reach the gateway's link.
 *
 * <p>The methods may block (the status is written to the registry) and are called from worker threads, several at
 * once for the same device during a reconnect storm. A session change and its status write happen under one lock
 * per device (striped), so the stored status and the connection log follow the order of the session changes: an
 * older login's online cannot land after a newer close's offline, nor the other way round. No thread holds two of
 * these locks, so they cannot deadlock; online listeners run after the lock is released.
 */
public final class DeviceSessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSessionRegistry.class);
    private static final String GATEWAY = "GATEWAY";

    private final DeviceDirectory directory;
    private final Clock clock;
    private final Map<String, DeviceSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, DeviceSession> gatewayOfSubDevice = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceRef>> onlineListeners = new CopyOnWriteArrayList<>();
    private final List<SessionListener> sessionListeners = new CopyOnWriteArrayList<>();
    private final ConnectionEventStore connectionEvents;
    private final int maxSubDevices;
    private final Object[] locks = new Object[256];

    public DeviceSessionRegistry(DeviceDirectory directory, Clock clock) {
        this(directory, clock, ConnectionEventStore.NONE);
    }

    public DeviceSessionRegistry(DeviceDirectory directory, Clock clock, ConnectionEventStore connectionEvents) {
        this(directory, clock, connectionEvents, DeviceSession.MAX_SUB_DEVICES);
    }

    public DeviceSessionRegistry(DeviceDirectory directory, Clock clock, ConnectionEventStore connectionEvents,
                                 int maxSubDevices) {
        this.directory = directory;
        this.clock = clock;
        this.connectionEvents = connectionEvents;
        this.maxSubDevices = maxSubDevices;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Called with each device that comes online, directly or as a sub-device (to flush pending commands). */
    public void onOnline(Consumer<DeviceRef> listener) {
        onlineListeners.add(listener);
    }

    /** Called after every session change on this node (a cluster's connection directory follows them). */
    public void onSessionChange(SessionListener listener) {
        sessionListeners.add(listener);
    }

    public void open(DeviceSession session) {
        DeviceSession previous;
        synchronized (lockOf(session.device().key())) {
            previous = sessions.put(session.device().key(), session);
            writeStatus(session.device(), true, session.link(), session.link().transport());
        }
        if (previous != null && previous != session) {
            LOG.info("Device {} logged in again; closing its previous connection", session.device().key());
            detachAll(previous);
            previous.link().close(DisconnectReason.SESSION_TAKEN_OVER);
        }
        tellSessions(session.device(), true, true);
        tellOnline(session.device());
    }

    /** Ends a session when its connection closes; a session already replaced by a newer login is left alone. */
    public void close(DeviceSession session) {
        detachAll(session);
        boolean removed;
        synchronized (lockOf(session.device().key())) {
            removed = sessions.remove(session.device().key(), session);
            if (removed) {
                writeStatus(session.device(), false, session.link(), session.link().transport());
            }
        }
        if (removed) {
            tellSessions(session.device(), false, true);
        }
    }

    /**
     * The device logged in on another node of the cluster: its session here is closed like one replaced by a new
     * login on this node, without writing it offline (the newer session on the other node has written it online).
     *
     * @return true when this node held a session of the device
     */
    public boolean closeTakenOver(String productKey, String deviceKey) {
        DeviceSession previous;
        synchronized (lockOf(DeviceRef.key(productKey, deviceKey))) {
            previous = sessions.remove(DeviceRef.key(productKey, deviceKey));
        }
        if (previous == null) {
            return false;
        }
        LOG.info("Device {} logged in on another node; closing its connection here", previous.device().key());
        detachAll(previous);
        previous.link().close(DisconnectReason.SESSION_TAKEN_OVER);
        return true;
    }

    public boolean attachSubDevice(DeviceSession gateway, DeviceRef subDevice) {
        if (!gateway.addSubDevice(subDevice, maxSubDevices)) {
            return false;
        }
        synchronized (lockOf(subDevice.key())) {
            gatewayOfSubDevice.put(subDevice.key(), gateway);
            writeStatus(subDevice, true, gateway.link(), GATEWAY);
        }
        tellSessions(subDevice, true, false);
        tellOnline(subDevice);
        return true;
    }

    public void detachSubDevice(DeviceSession gateway, String productKey, String deviceKey) {
        Optional<DeviceRef> sub = gateway.speaksFor(productKey, deviceKey).filter(ref -> ref != gateway.device());
        if (gateway.removeSubDevice(productKey, deviceKey)) {
            String key = DeviceRef.key(productKey, deviceKey);
            synchronized (lockOf(key)) {
                // a sub-device already logged in through another gateway stays online
                if (gatewayOfSubDevice.remove(key, gateway)) {
                    sub.ifPresent(ref -> writeStatus(ref, false, gateway.link(), GATEWAY));
                } else {
                    return;
                }
            }
            sub.ifPresent(ref -> tellSessions(ref, false, false));
        }
    }

    /**
     * Closes every connection authenticated with this client certificate: a revocation must end open sessions, not
     * only refuse the next handshake (the TLS handshake is the only place the trust manager looks at it).
     *
     * @return how many connections were closed
     */
    public int closeSessionsWithCertificate(String serialNumber) {
        int closed = 0;
        for (DeviceSession session : sessions.values()) {
            if (serialNumber.equalsIgnoreCase(session.link().certificateSerial())) {
                LOG.info("Closing the connection of {}: its certificate {} was revoked", session.device().key(),
                        serialNumber);
                session.link().close(DisconnectReason.CERTIFICATE_REVOKED);
                closed++;
            }
        }
        return closed;
    }

    /** Ends the direct connection of a device, if it has one; its sub-device sessions end with it. */
    public boolean closeSession(String productKey, String deviceKey, DisconnectReason reason) {
        DeviceSession session = sessions.get(DeviceRef.key(productKey, deviceKey));
        if (session == null) {
            return false;
        }
        LOG.info("Closing the connection of {}: {}", session.device().key(), reason);
        session.link().close(reason);
        return true;
    }

    /** The session of a directly connected device. */
    public Optional<DeviceSession> session(String productKey, String deviceKey) {
        return Optional.ofNullable(sessions.get(DeviceRef.key(productKey, deviceKey)));
    }

    /** The link that reaches a device: its own connection or that of the gateway it is logged in through. */
    public Optional<DeviceLink> linkTo(String productKey, String deviceKey) {
        String key = DeviceRef.key(productKey, deviceKey);
        DeviceSession direct = sessions.get(key);
        if (direct != null) {
            return Optional.of(direct.link());
        }
        return Optional.ofNullable(gatewayOfSubDevice.get(key)).map(DeviceSession::link);
    }

    public boolean isOnline(String productKey, String deviceKey) {
        return linkTo(productKey, deviceKey).isPresent();
    }

    public int size() {
        return sessions.size();
    }

    private void detachAll(DeviceSession gateway) {
        for (DeviceRef sub : gateway.subDevices()) {
            detachSubDevice(gateway, sub.productKey(), sub.deviceKey());
        }
    }

    private Object lockOf(String deviceKey) {
        return locks[Math.floorMod(deviceKey.hashCode(), locks.length)];
    }

    /** Called under the device's lock: the stored status and the connection log follow the session changes. */
    private void writeStatus(DeviceRef device, boolean online, DeviceLink link, String transport) {
        if (device.assetId() == null) {
            return;
        }
        if (online) {
            directory.markOnline(device.assetId(), clock.instant());
        } else {
            directory.markOffline(device.assetId(), clock.instant());
        }
        log(device, online ? ConnectionEvent.Type.ONLINE : ConnectionEvent.Type.OFFLINE, link, transport);
    }

    private void tellSessions(DeviceRef device, boolean opened, boolean direct) {
        for (SessionListener listener : sessionListeners) {
            try {
                if (opened) {
                    listener.opened(device, direct);
                } else {
                    listener.closed(device, direct);
                }
            } catch (RuntimeException e) {
                LOG.warn("Session listener failed for {}", device.key(), e);
            }
        }
    }

    private void tellOnline(DeviceRef device) {
        for (Consumer<DeviceRef> listener : onlineListeners) {
            try {
                listener.accept(device);
            } catch (RuntimeException e) {
                LOG.warn("Online listener failed for {}", device.key(), e);
            }
        }
    }

    private void log(DeviceRef device, ConnectionEvent.Type type, DeviceLink link, String transport) {
        try {
            connectionEvents.append(new ConnectionEvent(device.orgId(), device.assetId(), device.productKey(),
                    device.deviceKey(), type, clock.instant(), link.remoteAddress(), transport));
        } catch (RuntimeException e) {
            // the connection log is informative: a failed write must not refuse or break the connection
            LOG.warn("Cannot record {} of {}: {}", type, device.key(), e.toString());
        }
    }
}
