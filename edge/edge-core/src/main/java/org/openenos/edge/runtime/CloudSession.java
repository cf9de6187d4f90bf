package org.openenos.edge.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.config.CloudConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway session up: connect, {@code topo.add} every field device, log them in with
 * {@code combine.login.batch}, then declare the forwarder ready. After a drop it starts over with exponential
 * backoff (as the EnOS SDK does, reference §1.2), because the cloud forgets sub-device sessions with the link.
 */
public final class CloudSession implements CloudLink.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(CloudSession.class);

    private final CloudLink link;
    private volatile List<SubDevice> devices;
    private final Forwarder forwarder;
    private final ScheduledExecutorService scheduler;
    private final Consumer<CloudCommand> commands;
    private final Consumer<Boolean> readiness;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private Duration backoff;
    private volatile boolean closed;
    private volatile long lastContactMillis;
    private volatile String state = "starting";
    private volatile boolean online;
    /** Sub-devices whose field device is in outage: logged out in the cloud and left out of the next login. */
    private final java.util.Set<SubDevice> unavailable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile java.util.function.BiConsumer<SubDevice, Map<String, String>> typesListener = (d, t) -> { };

    /** Hears the data types of each sub-device's measure points, learnt after every login. */
    public void onMeasurepointTypes(java.util.function.BiConsumer<SubDevice, Map<String, String>> listener) {
        this.typesListener = listener;
    }

    private void learnTypes(List<SubDevice> loggedIn) {
        for (SubDevice device : loggedIn) {
            link.measurepointTypes(device).whenComplete((types, error) -> {
                if (error != null) {
                    LOG.debug("no measure point types for {}: {}", device, rootMessage(error));
                } else {
                    typesListener.accept(device, types);
                }
            });
        }
    }

    public CloudSession(CloudLink link, List<SubDevice> devices, Forwarder forwarder, ScheduledExecutorService scheduler,
                        CloudConfig config, Consumer<CloudCommand> commands, Consumer<Boolean> readiness) {
        this.link = link;
        this.devices = List.copyOf(devices);
        this.forwarder = forwarder;
        this.scheduler = scheduler;
        this.commands = commands;
        this.readiness = readiness;
        this.minBackoff = Duration.ofMillis(config.reconnectMinMillis());
        this.maxBackoff = Duration.ofMillis(config.reconnectMaxMillis());
        this.backoff = minBackoff;
        link.setListener(this);
    }

    public void start() {
        scheduler.execute(this::establish);
    }

    public String state() {
        return state;
    }

    /** True while the session is established and the forwarder may post. */
    public boolean isOnline() {
        return online;
    }

    public long lastContactMillis() {
        return Math.max(lastContactMillis, forwarder.lastAcknowledgedMillis());
    }

    private void establish() {
        if (closed) {
            return;
        }
        state = "connecting";
        List<SubDevice> toLogin = new java.util.ArrayList<>();
        link.connect()
                .thenCompose(ok -> devices.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(null)
                        : link.addTopology(devices))
                .thenCompose(ok -> {
                    toLogin.addAll(available());
                    return toLogin.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(Map.<SubDevice, String>of())
                            : link.loginSubDevices(toLogin);
                })
                .whenComplete((refused, error) -> {
                    if (error != null) {
                        LOG.warn("cloud session not established, retrying in {}: {}", backoff, rootMessage(error));
                        state = "disconnected: " + rootMessage(error);
                        retry();
                        return;
                    }
                    refused.forEach((device, reason) -> LOG.warn("cloud refused sub-device {}: {}", device, reason));
                    lastContactMillis = System.currentTimeMillis();
                    backoff = minBackoff;
                    state = refused.isEmpty() ? "online" : "online (" + refused.size() + " sub-devices refused)";
                    LOG.info("cloud session established with {} sub-devices online", toLogin.size() - refused.size());
                    online = true;
                    forwarder.setReady(true);
                    readiness.accept(true);
                    learnTypes(toLogin.stream().filter(d -> !refused.containsKey(d)).toList());
                    // A device that went into outage while its login was under way is taken offline now, and one
                    // that recovered meanwhile (left out of the login, not yet online to log in by itself) is
                    // logged in now: both checks come after 'online' is set, so no change in between is missed.
                    toLogin.stream().filter(unavailable::contains).forEach(this::logout);
                    List<SubDevice> recovered = available().stream().filter(d -> !toLogin.contains(d)).toList();
                    if (!recovered.isEmpty()) {
                        login(recovered);
                    }
                });
    }

    private List<SubDevice> available() {
        return devices.stream().filter(d -> !unavailable.contains(d)).toList();
    }

    /**
     * The field device behind {@code device} stopped answering: log its sub-device out so that the cloud shows it
     * offline (status, connection event, alert rules on device status). Its values still flow, with bad quality,
     * because the edge posts with {@code allowOfflineSubDevice}. While the link is down, the next login leaves it out.
     */
    public void markUnavailable(SubDevice device) {
        if (unavailable.add(device) && online) {
            logout(device);
        }
    }

    private void logout(SubDevice device) {
        link.logoutSubDevice(device).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("cloud did not take sub-device {} offline: {}", device, rootMessage(error));
            }
        });
    }

    /** The field device answers again: log its sub-device back in. */
    public void markAvailable(SubDevice device) {
        if (unavailable.remove(device) && online) {
            login(List.of(device));
        }
    }

    /**
     * A new field configuration: the sub-devices it dropped are logged out, the new ones added to the topology and
     * logged in now when the session is up (else at the next connect).
     */
    public void replaceDevices(List<SubDevice> next) {
        List<SubDevice> before = devices;
        List<SubDevice> added = next.stream().filter(d -> !before.contains(d)).toList();
        List<SubDevice> removed = before.stream().filter(d -> !next.contains(d)).toList();
        devices = List.copyOf(next);
        unavailable.removeAll(removed);
        if (!online) {
            return;
        }
        removed.forEach(this::logout);
        if (added.isEmpty()) {
            return;
        }
        link.addTopology(added).thenCompose(ok -> link.loginSubDevices(added)).whenComplete((refused, error) -> {
            if (error != null) {
                LOG.warn("new sub-devices not logged in ({}); the next connect logs them in", rootMessage(error));
                return;
            }
            refused.forEach((device, reason) -> LOG.warn("cloud refused sub-device {}: {}", device, reason));
            learnTypes(added.stream().filter(d -> !refused.containsKey(d)).toList());
        });
    }

    private void login(List<SubDevice> recovered) {
        link.loginSubDevices(recovered).whenComplete((refused, error) -> {
            if (error != null) {
                LOG.warn("cloud did not take sub-devices {} back online: {}", recovered, rootMessage(error));
                return;
            }
            refused.forEach((device, reason) -> LOG.warn("cloud did not take sub-device {} back online: {}", device,
                    reason));
            learnTypes(recovered.stream().filter(d -> !refused.containsKey(d)).toList());
        });
    }

    private void retry() {
        if (closed) {
            return;
        }
        link.close();
        scheduler.schedule(this::establish, backoff.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    @Override
    public void connected() {
        lastContactMillis = System.currentTimeMillis();
    }

    @Override
    public void disconnected(Throwable cause) {
        online = false;
        forwarder.setReady(false);
        readiness.accept(false);
        if (closed) {
            return;
        }
        state = "disconnected: " + (cause == null ? "closed" : rootMessage(cause));
        LOG.warn("cloud link lost ({}), buffering locally", cause == null ? "closed" : rootMessage(cause));
        scheduler.schedule(this::establish, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void command(CloudCommand command) {
        lastContactMillis = System.currentTimeMillis();
        commands.accept(command);
    }

    public void close() {
        closed = true;
        online = false;
        forwarder.setReady(false);
        readiness.accept(false);
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
