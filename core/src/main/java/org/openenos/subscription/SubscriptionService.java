package org.openenos.subscription;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.security.Ids;
import org.openenos.security.SecretCipher;

/**
 * Use cases of subscription jobs: create (credentials shown once), read, search, update the filter, delete, rotate
 * the secret, lag; and the authentication of an SDK. Every call names the organization; a filter may name only that
 * organization's models, assets and tree.
 */
public final class SubscriptionService {
    private static final Pattern SUB_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final int MAX_NAME = 128;

    private final SubscriptionStore store;
    private final SubscriptionScope scope;
    private final SubscriptionEngine engine;
    private final SecretCipher cipher;
    private final Clock clock;
    private SubscriptionWebhooks webhooks;
    /* What this node last saw of each subscription, to tell changes made through other nodes. */
    private final java.util.Map<String, Subscription> seen = new java.util.concurrent.ConcurrentHashMap<>();

    public SubscriptionService(SubscriptionStore store, SubscriptionScope scope, SubscriptionEngine engine,
                               SecretCipher cipher, Clock clock) {
        this.store = store;
        this.scope = scope;
        this.engine = engine;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Opens the logs of the stored subscriptions; call once at start. */
    public SubscriptionService start() {
        var all = store.all();
        all.forEach(s -> seen.put(s.subId(), s));
        engine.load(all);
        return this;
    }

    /**
     * Picks up subscriptions created, changed or deleted through other server nodes, which share the store (ADR
     * 0082); a node calls this every few seconds. A subscription missing from the store is deleted here only when it
     * is still missing on a second look, so one created on this node meanwhile stays.
     */
    public synchronized void refresh() {
        var stored = new java.util.HashMap<String, Subscription>();
        store.all().forEach(s -> stored.put(s.subId(), s));
        var known = new java.util.HashSet<>(engine.subIds());
        for (Subscription s : stored.values()) {
            Subscription before = seen.put(s.subId(), s);
            if (!known.contains(s.subId())) {
                engine.opened(s);
            } else if (!s.equals(before)) {
                engine.updated(s);
            }
            if (webhooks != null && before != null && !java.util.Objects.equals(before.webhook(), s.webhook())) {
                webhooks.apply(s);
            } else if (webhooks != null && before == null && s.webhook() != null) {
                webhooks.apply(s);
            }
        }
        for (String subId : known) {
            if (!stored.containsKey(subId) && store.findById(subId).isEmpty()) {
                seen.remove(subId);
                if (webhooks != null) {
                    webhooks.stop(subId);
                }
                engine.deleted(subId);
            }
        }
    }

    /** Pushes the messages of subscriptions with a webhook; starts their pumps. */
    public SubscriptionService withWebhooks(SubscriptionWebhooks pumps) {
        this.webhooks = pumps;
        store.all().forEach(pumps::apply);
        return this;
    }

    /**
     * Sets (or, with a null URL, removes) the webhook; the secret signs the POSTs (HMAC-SHA256 over
     * {@code <timestamp>.<body>}, as alert webhooks).
     */
    public Subscription setWebhook(String orgId, String subId, String url, String secret) {
        Subscription current = get(orgId, subId);
        Subscription.Webhook webhook = null;
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw OpenEnosException.badArgument("webhook url must be http(s)");
            }
            webhook = new Subscription.Webhook(url, secret == null || secret.isEmpty() ? null : cipher.encrypt(secret));
        }
        Subscription updated = current.withWebhook(webhook, clock.instant());
        store.update(updated);
        seen.put(updated.subId(), updated);
        if (webhooks != null) {
            webhooks.apply(updated);
        }
        return updated;
    }

    /** {@code subId} may be null: one is generated. */
    public SubscriptionCredentials create(String orgId, String subId, String name, int subType,
                                          SubscriptionFilter filter) {
        SubscriptionType type = SubscriptionType.ofCode(subType).orElseThrow(() -> OpenEnosException.badArgument(
                "subType must be 0 (real-time data), 1 (alerts), 3 (offline data) or 4 (events)"));
        String id = subId == null || subId.isBlank() ? "sub-" + Ids.random(12) : subId;
        if (!SUB_ID.matcher(id).matches()) {
            throw OpenEnosException.badArgument("subId uses letters, digits, '_' and '-' (at most 64)");
        }
        if (store.findById(id).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "subscription " + id + " already exists");
        }
        SubscriptionFilter checked = check(orgId, filter);
        String accessKey = Ids.uuidLike();
        String secret = Ids.uuidLike();
        var now = clock.instant();
        var subscription = new Subscription(id, orgId, checkName(name, id), type, checked, accessKey,
                cipher.encrypt(secret), now, now);
        store.insert(subscription);
        seen.put(subscription.subId(), subscription);
        engine.opened(subscription);
        return new SubscriptionCredentials(id, accessKey, secret);
    }

    public Subscription get(String orgId, String subId) {
        return store.find(orgId, subId).orElseThrow(() -> notFound(subId));
    }

    public List<Subscription> search(String orgId, int offset, int limit) {
        return store.search(orgId, offset, limit);
    }

    public long count(String orgId) {
        return store.count(orgId);
    }

    public Subscription update(String orgId, String subId, String name, SubscriptionFilter filter) {
        Subscription current = get(orgId, subId);
        var updated = current.withFilter(name == null ? current.name() : checkName(name, subId),
                filter == null ? current.filter() : check(orgId, filter), clock.instant());
        store.update(updated);
        seen.put(updated.subId(), updated);
        engine.updated(updated);
        return updated;
    }

    public void delete(String orgId, String subId) {
        if (!store.delete(orgId, subId)) {
            throw notFound(subId);
        }
        if (webhooks != null) {
            webhooks.stop(subId);
        }
        seen.remove(subId);
        engine.deleted(subId);
    }

    /** A new secret; the old one stops working for new connections at once. */
    public SubscriptionCredentials rotateSecret(String orgId, String subId) {
        Subscription current = get(orgId, subId);
        String secret = Ids.uuidLike();
        Subscription updated = current.withSecret(cipher.encrypt(secret), clock.instant());
        store.update(updated);
        seen.put(updated.subId(), updated);
        engine.updated(updated);
        return new SubscriptionCredentials(subId, current.accessKey(), secret);
    }

    public List<GroupLag> lag(String orgId, String subId) {
        get(orgId, subId);
        return engine.lag(subId);
    }

    /** The subType code of a subscription, -1 when there is none (authentication then fails as usual). */
    public int typeOf(String subId) {
        return subId == null ? -1 : store.findById(subId).map(s -> s.type().code()).orElse(-1);
    }

    /**
     * Checks an SDK's AuthReq: the access key must be the subscription's, the sign made with its current secret and
     * the type the subscription's. The failure does not say which part was wrong.
     */
    public Subscription authenticate(String accessKey, String subId, String sign, int subType) {
        var found = subId == null ? java.util.Optional.<Subscription>empty() : store.findById(subId);
        if (found.isEmpty() || !found.get().accessKey().equals(accessKey)
                || !SubscriptionSign.matches(sign, accessKey, cipher.decrypt(found.get().encryptedSecret()), subId)) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "invalid subscription credentials");
        }
        if (found.get().type().code() != subType) {
            throw OpenEnosException.badArgument("subscription " + subId + " is of subType "
                    + found.get().type().code() + ", not " + subType);
        }
        return found.get();
    }

    private SubscriptionFilter check(String orgId, SubscriptionFilter filter) {
        SubscriptionFilter f = filter == null ? SubscriptionFilter.ALL : filter;
        for (String model : f.modelIds()) {
            if (!scope.modelExists(orgId, model)) {
                throw new OpenEnosException(ErrorCode.MODEL_NOT_FOUND, "model " + model + " not found");
            }
        }
        for (String asset : f.assetIds()) {
            if (!scope.assetExists(orgId, asset)) {
                throw new OpenEnosException(ErrorCode.ASSET_NOT_FOUND, "asset " + asset + " not found");
            }
        }
        if (f.treeId() != null && !scope.treeExists(orgId, f.treeId())) {
            throw new OpenEnosException(ErrorCode.TREE_NOT_FOUND, "asset tree " + f.treeId() + " not found");
        }
        return f;
    }

    private static String checkName(String name, String fallback) {
        String n = name == null || name.isBlank() ? fallback : name.strip();
        if (n.length() > MAX_NAME) {
            throw OpenEnosException.badArgument("name is longer than " + MAX_NAME + " characters");
        }
        return n;
    }

    private static OpenEnosException notFound(String subId) {
        return new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + subId + " not found");
    }
}
