package org.openenos.timeseries.policy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.StoragePolicy;
import org.openenos.timeseries.StoragePolicyGroup;
import org.openenos.timeseries.StoragePolicyGroup.TypePolicy;
import org.openenos.timeseries.StorageType;

/**
 * EnOS storage policy groups ({@code /tsdb-policy/v2.0}): at most two groups per organization, each model in at most
 * one group, per group and storage type a retention code and the points of each model. A model in no group is in
 * the <em>default group</em>, which stores every point and keeps it for {@code defaultRetention} (null = forever),
 * so a new user sees history at once. A policy id is {@code groupId.TYPE}, e.g. {@code g1.AI_RAW}.
 *
 * <p>As a {@link StoragePolicy} this decides on the write path: a value of a grouped model is stored when one of the
 * group's types lists its point. That check runs for every value, so the groups are an immutable list that a
 * change replaces.
 */
public final class StoragePolicies implements StoragePolicy {
    public static final int MAX_GROUPS_PER_ORG = 2;
    private static final Pattern GROUP_NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]{1,64}");

    /** The reply of "get policy": {@code policyType} is EnOS's ({@code NORMALIZED} for AI_NORMALIZED). */
    public record PolicyView(String policyId, String policyName, String policyType, String retention,
                             Map<String, Set<String>> models) {
    }

    private final StoragePolicyFile file;
    private final String defaultRetention;
    private volatile List<StoragePolicyGroup> groups;

    public StoragePolicies(StoragePolicyFile file, String defaultRetention) {
        RetentionCode.parse(defaultRetention);
        this.file = file;
        this.defaultRetention = defaultRetention;
        this.groups = List.copyOf(file.load());
    }

    @Override
    public boolean stores(MeasurePointValue value) {
        for (StoragePolicyGroup g : groups) {
            if (g.orgId().equals(value.orgId()) && g.modelIds().contains(value.modelId())) {
                return g.stores(value);
            }
        }
        return true;
    }

    public List<StoragePolicyGroup> groups(String orgId) {
        return groups.stream().filter(g -> g.orgId().equals(orgId)).toList();
    }

    public synchronized StoragePolicyGroup createGroup(String orgId, String name, Set<String> modelIds) {
        if (name == null || !GROUP_NAME.matcher(name).matches()) {
            throw bad("groupName may contain Chinese characters, letters, digits, _ and - (1 to 64)");
        }
        if (groups(orgId).size() >= MAX_GROUPS_PER_ORG) {
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "an organization has at most "
                    + MAX_GROUPS_PER_ORG + " storage policy groups");
        }
        Set<String> models = modelIds == null ? Set.of() : modelIds;
        requireModelsFree(orgId, null, models);
        var types = new EnumMap<StorageType, TypePolicy>(StorageType.class);
        for (StorageType t : StorageType.values()) {
            types.put(t, new TypePolicy(defaultRetention, Map.of()));
        }
        var group = new StoragePolicyGroup(UUID.randomUUID().toString().substring(0, 8), orgId, name, models, types);
        replace(null, group);
        return group;
    }

    /** Associates models with a group (replacing its model list); a model can be in one group only. */
    public synchronized StoragePolicyGroup setModels(String orgId, String groupId, Set<String> modelIds) {
        StoragePolicyGroup g = group(orgId, groupId);
        requireModelsFree(orgId, groupId, modelIds);
        var updated = new StoragePolicyGroup(g.groupId(), orgId, g.name(), modelIds, g.types());
        replace(g, updated);
        return updated;
    }

    /** EnOS allows deleting a group only once its policies list no points any more. */
    public synchronized void deleteGroup(String orgId, String groupId) {
        StoragePolicyGroup g = group(orgId, groupId);
        if (g.types().values().stream().anyMatch(t -> !t.pointsByModel().isEmpty())) {
            throw bad("remove the points of every policy of group " + groupId + " before deleting it");
        }
        replace(g, null);
    }

    public PolicyView policy(String orgId, String policyId) {
        StorageType type = typeOf(policyId);
        TypePolicy p = group(orgId, groupIdOf(policyId)).types().get(type);
        return new PolicyView(policyId, displayName(type), type == StorageType.AI_NORMALIZED ? "NORMALIZED"
                : type.name(), p.retention(), p.pointsByModel());
    }

    /** Replaces the policy's point lists (and its retention when given); models must belong to the group. */
    public synchronized void savePolicy(String orgId, String policyId, String retention,
                                        Map<String, Set<String>> pointsByModel) {
        StorageType type = typeOf(policyId);
        StoragePolicyGroup g = group(orgId, groupIdOf(policyId));
        Map<String, Set<String>> points = pointsByModel == null ? Map.of() : pointsByModel;
        for (String model : points.keySet()) {
            if (!g.modelIds().contains(model)) {
                throw bad("model " + model + " is not associated with group " + g.groupId());
            }
        }
        TypePolicy old = g.types().get(type);
        String keep = retention == null ? old.retention() : retention;
        RetentionCode.parse(keep);
        var types = new EnumMap<>(g.types());
        types.put(type, new TypePolicy(keep, points));
        replace(g, new StoragePolicyGroup(g.groupId(), orgId, g.name(), g.modelIds(), types));
    }

    /** Model id → point id → the storage types (EnOS codes) that store it; points of the default group get all. */
    public Map<String, Map<String, List<String>>> metadata(String orgId, List<String> modelIds) {
        var out = new LinkedHashMap<String, Map<String, List<String>>>();
        for (String model : modelIds) {
            var byPoint = new LinkedHashMap<String, List<String>>();
            groups(orgId).stream().filter(g -> g.modelIds().contains(model)).findFirst().ifPresent(g ->
                    g.types().forEach((type, p) -> p.pointsByModel().getOrDefault(model, Set.of()).forEach(point ->
                            byPoint.computeIfAbsent(point, x -> new ArrayList<>()).add(type.name()))));
            out.put(model, byPoint);
        }
        return out;
    }

    /**
     * The time before which no policy needs data any more, or empty when something keeps data forever. The store
     * deletes whole day partitions, which hold every organization's values, so the longest retention in force
     * decides; a shorter policy keeps its data longer than asked, never shorter (ADR 0060).
     */
    @Override
    public Optional<Long> retentionCutoff(long now) {
        Period longest = RetentionCode.parse(defaultRetention);
        if (longest == null) {
            return Optional.empty();
        }
        var periods = new ArrayList<Period>();
        for (StoragePolicyGroup g : groups) {
            for (TypePolicy p : g.types().values()) {
                Period period = RetentionCode.parse(p.retention());
                if (period == null) {
                    return Optional.empty();
                }
                periods.add(period);
            }
        }
        var at = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC);
        long cutoff = at.minus(longest).toInstant().toEpochMilli();
        for (Period p : periods) {
            cutoff = Math.min(cutoff, at.minus(p).toInstant().toEpochMilli());
        }
        return Optional.of(cutoff);
    }

    private void requireModelsFree(String orgId, String exceptGroup, Set<String> models) {
        var taken = new HashSet<String>();
        groups(orgId).stream().filter(g -> !g.groupId().equals(exceptGroup)).forEach(g -> taken.addAll(g.modelIds()));
        models.stream().filter(taken::contains).findFirst().ifPresent(m -> {
            throw bad("model " + m + " is already in another storage policy group");
        });
    }

    private StoragePolicyGroup group(String orgId, String groupId) {
        return groups(orgId).stream().filter(g -> g.groupId().equals(groupId)).findFirst()
                .orElseThrow(() -> new OpenEnosException(ErrorCode.NOT_FOUND, "storage policy group not found: "
                        + groupId));
    }

    private void replace(StoragePolicyGroup old, StoragePolicyGroup now) {
        var next = new ArrayList<>(groups);
        if (old != null) {
            next.remove(old);
        }
        if (now != null) {
            next.add(now);
        }
        file.save(next);
        groups = List.copyOf(next);
    }

    private static StorageType typeOf(String policyId) {
        int dot = policyId == null ? -1 : policyId.lastIndexOf('.');
        try {
            return StorageType.valueOf(policyId.substring(dot + 1));
        } catch (RuntimeException e) {
            throw bad("policyId must be <groupId>.<AI_RAW|AI_NORMALIZED|DI|PI|GENERIC>, not " + policyId);
        }
    }

    private static String groupIdOf(String policyId) {
        int dot = policyId.lastIndexOf('.');
        if (dot <= 0) {
            throw bad("policyId must be <groupId>.<storage type>, not " + policyId);
        }
        return policyId.substring(0, dot);
    }

    private static String displayName(StorageType type) {
        return switch (type) {
            case AI_RAW -> "AI Raw Data";
            case AI_NORMALIZED -> "AI Normalized Data";
            case DI -> "DI Data";
            case PI -> "PI Data";
            case GENERIC -> "Generic Data";
        };
    }

    private static OpenEnosException bad(String message) {
        return new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, message);
    }
}
