package org.openenos.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every OpenEnOS setting, declared once with its default. Environment variables bind by Spring's relaxed rules:
 * {@code OPENENOS_DATA_DIR} → {@code openenos.data-dir}, {@code OPENENOS_DATABASE_JDBC_URL} →
 * {@code openenos.database.jdbc-url}, and so on. docs/configuration.md lists them.
 *
 * @param dataDir       where the embedded mode keeps everything (metadata database, time series, keys)
 * @param adminPassword password of the bootstrap super-administrator; generated and printed once when empty
 * @param database      metadata database: an external PostgreSQL by URL, or the embedded one when the URL is empty
 * @param security      token lifetimes, clock skew and sign-in throttling
 * @param mqtt          the device gateway's listeners
 * @param alerting      the alert rule engine and its notifications
 * @param demo          demo mode: a simulated fleet streaming into a demo organization
 * @param pki           the device certificate authority and the TLS listener's server certificate
 * @param notifications what alert rules send and do: webhooks, e-mail, device commands
 * @param timeSeriesStorage rollups, their retention and Parquet compaction of the embedded time-series store
 * @param telemetry     health bounds of the telemetry pipeline and its back-pressure on devices
 * @param deviceLogs    how many logs devices post are kept
 * @param deviceFiles   files devices and applications upload for devices: size limit
 * @param subscription  data subscription: the EnOS SDK listener, partitions and retention of subscription logs
 * @param ota           firmware store and OTA jobs: size limit, download links, rollout pace
 * @param cluster       several server nodes sharing one PostgreSQL (off: a single node, none of it runs)
 */
@ConfigurationProperties("openenos")
public record OpenEnosProperties(
        @DefaultValue("data") Path dataDir,
        String adminPassword,
        @DefaultValue Database database,
        @DefaultValue Security security,
        @DefaultValue Mqtt mqtt,
        @DefaultValue Alerting alerting,
        @DefaultValue Demo demo,
        @DefaultValue Pki pki,
        @DefaultValue Notifications notifications,
        @DefaultValue TimeSeriesStorage timeSeriesStorage,
        @DefaultValue Telemetry telemetry,
        @DefaultValue DeviceLogs deviceLogs,
        @DefaultValue DeviceFiles deviceFiles,
        @DefaultValue Subscription subscription,
        @DefaultValue Ota ota,
        @DefaultValue Cluster cluster,
        @DefaultValue Scripting scripting) {

    /**
     * Several server nodes behind one address, sharing the metadata database (docs/scale-out-nodes.md, ADR 0121).
     *
     * @param enabled             run as one node of a cluster; every node needs the same external PostgreSQL
     *                            (openenos.database.jdbc-url) and the same server keys
     * @param nodeId              this node's id, unique in the cluster; empty: the host name and a random suffix
     * @param address             how operators and other nodes name this node (shown in health); empty: the host name
     * @param heartbeatInterval   how often the node writes its heartbeat
     * @param deadAfter           a node without a heartbeat for this long is dead: its connections no longer count and
     *                            its devices are marked offline
     * @param deliveryTimeout     how long a command handed to the node holding the device waits for its answer
     * @param maintenanceInterval how often one node of the cluster cleans up after dead nodes
     */
    public record Cluster(@DefaultValue("false") boolean enabled, @DefaultValue("") String nodeId,
                          @DefaultValue("") String address, @DefaultValue("2s") Duration heartbeatInterval,
                          @DefaultValue("10s") Duration deadAfter, @DefaultValue("2s") Duration deliveryTimeout,
                          @DefaultValue("30s") Duration maintenanceInterval) {
    }

    /**
     * @param maxFirmwareSize      largest firmware file an upload may carry (also the HTTP multipart limit)
     * @param downloadBaseUrl      address devices reach the HTTP port at (for example https://iot.example.com), put
     *                             before the download path in the fileUrl of ota.device.upgrade; empty sends the path
     *                             alone, relative to the address the device uses for the platform
     * @param downloadLinkLifetime how long a firmware download URL sent to a device stays valid
     * @param tickInterval         how often running OTA jobs push upgrades and time out stalled devices
     */
    public record Ota(@DefaultValue("512MB") DataSize maxFirmwareSize, @DefaultValue("") String downloadBaseUrl,
                      @DefaultValue("24h") Duration downloadLinkLifetime, @DefaultValue("1s") Duration tickInterval) {
    }

    /**
     * @param maxPerDevice logs and network status reports kept per device; older ones are deleted as new ones come
     */
    public record DeviceLogs(@DefaultValue("1000") int maxPerDevice) {
    }

    /**
     * Limits of the parsing scripts of custom-format products (ADR 0044).
     *
     * @param timeout        the longest one conversion (rawDataToProtocol or protocolToRawData) of a custom-format
     *                       product's parsing script may run
     * @param statementLimit the most JavaScript statements one conversion of a parsing script may execute
     */
    public record Scripting(@DefaultValue("2s") Duration timeout, @DefaultValue("1000000") long statementLimit) {
    }

    /**
     * @param maxSize largest file a device or an application may upload for a device (kept in the device-files
     *                folder of the data directory); at most the firmware size limit
     */
    public record DeviceFiles(@DefaultValue("20MB") DataSize maxSize) {
    }

    /**
     * Values that reach the store this late are still safe (acknowledged, in the log) but queries, alerts and live
     * views lag: health is OUT_OF_SERVICE past either bound. Records and values set aside by the pipeline are kept in
     * {@code <data-dir>/timeseries/pipeline/dead-letters.tsv}.
     *
     * @param maxLagRecords log records acknowledged but not yet stored, beyond which health is OUT_OF_SERVICE
     * @param maxLagAge     age of the oldest acknowledged record not yet stored, beyond which health is
     *                      OUT_OF_SERVICE
     * @param backPressure  when devices' acknowledgements wait for the storage stage, so the backlog stays bounded
     */
    public record Telemetry(@DefaultValue("1000000") long maxLagRecords, @DefaultValue("5m") Duration maxLagAge,
                            @DefaultValue BackPressure backPressure) {
    }

    /**
     * Back-pressure from the store to the devices (ADR 0133): a post is written to the log and made durable at once,
     * but while the storage stage lags past either pause bound its acknowledgement (MQTT reply and PUBACK, HTTP
     * answer) waits until the lag is back under both resume bounds. Devices then stop sending (the gateway stops
     * reading a connection with too many unanswered requests), nothing is refused or lost, and the backlog stays
     * bounded. A log record holds one post's values of one partition (usually one device's post).
     *
     * @param enabled         hold acknowledgements while the store lags (off: the backlog may grow without bound)
     * @param pauseAtRecords  unstored log records beyond which acknowledgements are held
     * @param resumeAtRecords unstored log records at or under which they flow again
     * @param pauseAtAge      age of the oldest unstored record beyond which acknowledgements are held (0s: no age
     *                        bound); bounds the time from an acknowledgement until the value is queryable
     * @param resumeAtAge     age of the oldest unstored record at or under which they flow again
     */
    public record BackPressure(@DefaultValue("true") boolean enabled, @DefaultValue("100000") long pauseAtRecords,
                               @DefaultValue("50000") long resumeAtRecords, @DefaultValue("2s") Duration pauseAtAge,
                               @DefaultValue("500ms") Duration resumeAtAge) {
        /** The limits for the time-series module, or none when disabled. */
        org.openenos.timeseries.BackPressure limits() {
            return enabled ? new org.openenos.timeseries.BackPressure(pauseAtRecords, resumeAtRecords, pauseAtAge,
                    resumeAtAge) : org.openenos.timeseries.BackPressure.OFF;
        }
    }

    /**
     * @param enabled    whether the EnOS subscription listener runs (subscriptions are fed either way)
     * @param host       address the listener binds to
     * @param port       port of the EnOS subscription SDKs, WebSocket (Python) and raw TCP (.NET) on the same port
     * @param partitions partitions per subscription; a consumer group has at most this many active consumers
     * @param retention  how long subscription messages are kept; a group that comes back later is told what it missed
     * @param pullWait   how long a pull waits for messages before an empty answer (at most 9 s: the .NET SDK gives up
     *                   on an answer after 10 s)
     * @param memberTtl  with several nodes: a consumer that has not pulled for this long leaves its group, and its
     *                   partitions go to the group's other consumers (also after its node died)
     * @param refreshInterval with several nodes: how often a node picks up subscriptions created, changed or deleted
     *                   through another node
     */
    public record Subscription(@DefaultValue("true") boolean enabled, @DefaultValue("0.0.0.0") String host,
                               @DefaultValue("9001") int port, @DefaultValue("2") int partitions,
                               @DefaultValue("24h") Duration retention, @DefaultValue("2s") Duration pullWait,
                               @DefaultValue("15s") Duration memberTtl,
                               @DefaultValue("2s") Duration refreshInterval) {
    }

    /**
     * @param rollups                  keep 1 min, 10 min, 1 h and 1 d rollups and answer aggregate queries from them
     * @param maintenanceInterval      how often closed windows and late data are rolled up (0 disables the schedule)
     * @param rollupDelay              how long after a minute ends it is rolled up; later values correct it
     * @param minuteRollupRetention    how long 1-minute rollups are kept (0 = forever)
     * @param tenMinuteRollupRetention how long 10-minute rollups are kept (0 = forever)
     * @param hourRollupRetention      how long 1-hour rollups are kept (0 = forever)
     * @param dayRollupRetention       how long 1-day rollups are kept (0 = forever)
     * @param parquetAfter             age after which whole raw days are compacted into series-ordered Parquet day
     *                                 files and rollup partitions converted to Parquet (0 = never)
     * @param parquetCompressionLevel  ZSTD level of the converted rollup partitions, 1–22 (higher: smaller, much
     *                                 slower); raw day files use Snappy
     * @param tableSyncInterval        how often the raw table is synced as batches are applied (ADR 0062): 0 syncs
     *                                 every batch, so a power cut loses nothing acknowledged; a longer interval
     *                                 saves one sync per batch, and a power cut can then lose or damage up to that
     *                                 much of the newest rows (a killed process loses nothing either way). Only with
     *                                 storage that has a power-loss-protected write cache
     */
    public record TimeSeriesStorage(@DefaultValue("true") boolean rollups,
                                    @DefaultValue("1m") Duration maintenanceInterval,
                                    @DefaultValue("2m") Duration rollupDelay,
                                    @DefaultValue("90d") Duration minuteRollupRetention,
                                    @DefaultValue("366d") Duration tenMinuteRollupRetention,
                                    @DefaultValue("3653d") Duration hourRollupRetention,
                                    @DefaultValue("3653d") Duration dayRollupRetention,
                                    @DefaultValue("7d") Duration parquetAfter,
                                    @DefaultValue("3") int parquetCompressionLevel,
                                    @DefaultValue("0s") Duration tableSyncInterval) {
    }

    /**
     * @param jdbcUrl      JDBC URL of an external PostgreSQL; empty starts the embedded server, which asks every
     *                     connection for a password (generated on first start, kept in data-dir/keys)
     * @param username     user name for the external server
     * @param password     password for the external server (never logged)
     * @param embeddedPort port of the embedded server; 0 picks a free one
     * @param maxPoolSize  connections kept open to the database
     */
    public record Database(String jdbcUrl, String username, String password,
                           @DefaultValue("0") int embeddedPort, @DefaultValue("16") int maxPoolSize) {
    }

    /**
     * @param userTokenLifetime   how long a sign-in lasts
     * @param appTokenLifetime    lifetime of application access tokens (EnOS: 7200 s)
     * @param maxClockSkew        how far a signed request's timestamp may be from server time
     * @param loginMaxFailures    wrong passwords per user name and client address before sign-in delays begin
     * @param loginInitialDelay   the first sign-in delay once login-max-failures is reached; doubled with each
     *                            further failure
     * @param loginMaxDelay       the longest sign-in delay for one user name and address
     * @param loginMaxFailuresPerAddress failed sign-ins from one client address, over all user names, before that
     *                            address waits for the rest of the window
     * @param loginThrottleWindow how long a client address's failures count and how long it then waits
     * @param trustedProxies      addresses or CIDR ranges of reverse proxies whose X-Forwarded-For header names the
     *                            client for sign-in throttling; empty trusts no proxy (comma-separated)
     * @param grantsCacheTtl      how long a caller's roles and scopes are reused before they are read again; a
     *                            change clears them on every node at once, this only bounds a lost cluster message
     */
    public record Security(@DefaultValue("8h") Duration userTokenLifetime,
                           @DefaultValue("2h") Duration appTokenLifetime,
                           @DefaultValue("5m") Duration maxClockSkew,
                           @DefaultValue("5") int loginMaxFailures,
                           @DefaultValue("2s") Duration loginInitialDelay,
                           @DefaultValue("5m") Duration loginMaxDelay,
                           @DefaultValue("100") int loginMaxFailuresPerAddress,
                           @DefaultValue("15m") Duration loginThrottleWindow,
                           @DefaultValue List<String> trustedProxies,
                           @DefaultValue("5s") Duration grantsCacheTtl) {
    }

    /**
     * @param host     address the listeners bind to
     * @param port     plain MQTT (secret-based login); 0 picks a free port
     * @param tlsPort  MQTT over TLS with client certificates
     * @param enabled  whether the device gateway starts
     * @param limits   what one device address or connection may do
     */
    public record Mqtt(@DefaultValue("0.0.0.0") String host, @DefaultValue("11883") int port,
                       @DefaultValue("18883") int tlsPort, @DefaultValue("true") boolean enabled,
                       @DefaultValue MqttLimits limits) {
    }

    /**
     * @param connectsPerIpPerSecond     new connections accepted from one address per second; more are closed at
     *                                   once, before any login work (raise it for many devices behind one NAT)
     * @param maxConnectionsPerIp        connections open at once from one address
     * @param messagesPerDevicePerSecond messages one connection may publish per second; beyond it reading pauses
     * @param maxPayload                 largest accepted message payload; larger ones are answered with 1008
     * @param subDevicesPerGateway       sub-devices one gateway connection may have logged in at once
     * @param topicAliasMaximum          MQTT 5 topic aliases a client may use per connection; 0 refuses aliases
     * @param connectTimeout             time from accepting a connection to its accepted CONNECT (TLS handshake and
     *                                   login included); a connection without one by then is closed
     */
    public record MqttLimits(@DefaultValue("100") int connectsPerIpPerSecond,
                             @DefaultValue("1000") int maxConnectionsPerIp,
                             @DefaultValue("1000") int messagesPerDevicePerSecond,
                             @DefaultValue("512KB") DataSize maxPayload,
                             @DefaultValue("200") int subDevicesPerGateway,
                             @DefaultValue("16") int topicAliasMaximum,
                             @DefaultValue("10s") Duration connectTimeout) {
    }

    /**
     * @param partitions    evaluator threads; assets are spread over them by hash
     * @param tickInterval  how often trigger delays and no-data rules are checked
     * @param assetCacheTtl how long asset names, attributes and tree paths are cached for evaluation
     * @param queueCapacity batches of values waiting per evaluator; when full the storage stage waits
     */
    public record Alerting(@DefaultValue("2") int partitions, @DefaultValue("1s") Duration tickInterval,
                           @DefaultValue("30s") Duration assetCacheTtl, @DefaultValue("256") int queueCapacity) {
    }

    /**
     * @param threads                 delivery threads (webhooks, e-mail, device commands), apart from evaluation
     * @param queueCapacity           deliveries waiting for a thread; beyond it a delivery becomes a dead letter
     * @param maxAttempts             attempts per delivery before it becomes a dead letter
     * @param initialBackoff          wait before the first retry; doubled for each further one
     * @param webhookTimeout          connect and answer timeout of a webhook call
     * @param controlActionsPerMinute loop guard: device commands per rule and asset per minute
     * @param smtp                    mail server for e-mail actions; e-mail actions are refused while the host is empty
     */
    public record Notifications(@DefaultValue("2") int threads, @DefaultValue("1000") int queueCapacity,
                                @DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
                                @DefaultValue("10s") Duration webhookTimeout,
                                @DefaultValue("6") int controlActionsPerMinute, @DefaultValue Smtp smtp) {
    }

    /**
     * @param host     SMTP server; empty disables e-mail actions
     * @param port     SMTP port
     * @param from     sender address of alert mails
     * @param username user for SMTP authentication; empty sends without authentication
     * @param password password for SMTP authentication (never logged)
     * @param startTls whether to upgrade the connection with STARTTLS
     * @param timeout  connect, read and write timeout
     */
    public record Smtp(String host, @DefaultValue("25") int port, @DefaultValue("openenos@localhost") String from,
                       String username, String password, @DefaultValue("false") boolean startTls,
                       @DefaultValue("10s") Duration timeout) {
        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username + "]";
        }
    }

    /**
     * @param enabled   start the demo: off by default, never meant for production
     * @param fleetFile a fleet description (YAML or JSON) instead of the built-in demo fleet
     */
    public record Demo(@DefaultValue("false") boolean enabled, Path fleetFile) {
    }

    /**
     * @param serverCertificate PEM chain (leaf first) the TLS listener presents; empty: one issued by the embedded
     *                          CA on first start
     * @param serverPrivateKey  its unencrypted PEM private key
     * @param tlsEnabled        whether the MQTT TLS listener (mqtt.tls-port) starts
     * @param webSocketPort     MQTT over secure WebSocket (path /mqtt, client certificate optional); 0 picks a free
     *                          port, -1 disables it
     */
    public record Pki(Path serverCertificate, Path serverPrivateKey, @DefaultValue("true") boolean tlsEnabled,
                      @DefaultValue("18885") int webSocketPort) {
    }
}
