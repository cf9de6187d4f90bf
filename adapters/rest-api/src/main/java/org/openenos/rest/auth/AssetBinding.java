package org.openenos.rest.auth;

import java.util.List;
import java.util.stream.Collectors;
import org.openenos.registry.AssetScopes.Owned;

/**
 * Where a request of one operation names the assets it acts on: query parameters and body fields, each read exactly
 * as the controller reads it. {@link ScopeGuard} checks every value of every one of them for a scoped caller, and
 * only them: an id elsewhere in the request admits nothing.
 *
 * @param refs           the parameters and fields
 * @param filtersInQuery the operation applies the caller's scope inside its own query (a list or search), so it may
 *                       name no asset; what it does name is still checked
 */
public record AssetBinding(List<Ref> refs, boolean filtersInQuery) {
    public AssetBinding {
        refs = List.copyOf(refs);
    }

    /** One place a request names assets. {@code path} of a body field: {@code a.b}, {@code items[].assetId}. */
    public sealed interface Ref {
        String describe();
    }

    /**
     * A query parameter holding asset ids (several values or comma-separated lists). {@code required}: a scoped
     * caller must give it (the operation falls back to the whole tree without it).
     */
    public record QueryAssets(String name, boolean required) implements Ref {
        public QueryAssets(String name) {
            this(name, false);
        }

        public String describe() {
            return "query:" + name + (required ? "!" : "");
        }
    }

    /** The query parameters {@code productKey} and {@code deviceKey} together. */
    public record QueryDevice() implements Ref {
        public String describe() {
            return "query:productKey+deviceKey";
        }
    }

    /** A query parameter holding the id of a record owned by an asset (a command, an alert…). */
    public record QueryOwned(String name, Owned kind) implements Ref {
        public String describe() {
            return "query:" + name + ">" + kind.name().toLowerCase();
        }
    }

    /**
     * A body field holding asset ids (a string, a comma-separated list, or an array of them). {@code required}: when
     * the object holding the field is in the body, a scoped caller must name assets in it (a subscription filter
     * without assets reaches the whole organization).
     */
    public record BodyAssets(String path, boolean required) implements Ref {
        public BodyAssets(String path) {
            this(path, false);
        }

        public String describe() {
            return "body:" + path + (required ? "!" : "");
        }
    }

    /** A query parameter holding a data subscription's id: the assets its filter names. */
    public record QuerySubscription(String name) implements Ref {
        public String describe() {
            return "query:" + name + ">subscription";
        }
    }

    /** Body objects at {@code path} (empty: the body itself) whose {@code productKey}+{@code deviceKey} name a device. */
    public record BodyDevice(String path) implements Ref {
        public String describe() {
            return "body:" + (path.isEmpty() ? "" : path + ".") + "productKey+deviceKey";
        }
    }

    /**
     * A body field holding ids of records owned by assets. {@code mayBeNew}: the operation creates the record when
     * the id is unknown (an alert with its own event id), so only ids that exist are checked.
     */
    public record BodyOwned(String path, Owned kind, boolean mayBeNew) implements Ref {
        public String describe() {
            return "body:" + path + ">" + kind.name().toLowerCase() + (mayBeNew ? "?" : "");
        }
    }

    public boolean readsBody() {
        return refs.stream().anyMatch(r -> r instanceof BodyAssets || r instanceof BodyDevice
                || r instanceof BodyOwned);
    }

    /** How the API document states it. */
    public String describe() {
        return refs.stream().map(Ref::describe).collect(Collectors.joining(" ")) + (filtersInQuery
                ? (refs.isEmpty() ? "" : " ") + "filtered-in-query" : "");
    }
}
