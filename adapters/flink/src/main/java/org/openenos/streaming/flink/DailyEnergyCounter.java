package org.openenos.streaming.flink;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.registry.Timezones;
import org.openenos.streaming.EnergyMethod;
import org.openenos.streaming.EnergyPolicy;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.StreamDirectory;

/**
 * The daily-energy template, per asset (keyed by asset id). Energy is counted per interval between two consecutive
 * readings of a policy's input — the rise of a meter counter (a fall is a reset: the new reading counts from zero;
 * a rise faster than the slope filter is not counted) or the trapezoid of two power values — and each interval's
 * energy is split over the local days it overlaps ({@link LocalDays#split}), in the asset's time zone from the
 * registry unless the policy names one.
 *
 * <p>A day is complete when the asset sends a reading at or after its end; it is then emitted, stamped with its
 * local start, after the same arrival grace as the time windows. A reading that arrives out of order replaces the
 * interval it falls in by two; if a day it changes was already emitted, that day is emitted again with the
 * corrected value, as long as the day ended less than the allowed lateness before the asset's newest reading; older
 * readings are dropped and counted. With an interval, the energy of the current day so far is written at every
 * interval boundary of the local day; a late reading writes again, corrected, the interval values after the reading
 * before it (the store keeps the last value per time, so they replace the ones written before).
 */
final class DailyEnergyCounter extends KeyedProcessFunction<String, AssetSample, OutputValue> {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;
    private final String engineKey;
    private final String pipelineId;
    private final JobSpec.DailyEnergy spec;
    /** Readings kept for late ones to find their neighbours, by "policy index:time". */
    private transient MapState<String, Double> readings;
    /** Days not yet expired, by "policy index:day start". */
    private transient MapState<String, EnergyDay> days;
    /** The newest reading per policy index: the policy's event time for this asset. */
    private transient MapState<Integer, EnergyReading> newest;
    private transient ValueState<String> identity;
    /** Time zones of assets from the registry, looked up once per asset while the task runs. */
    private transient Map<String, ZoneId> zones;
    /** The zone each policy names, null where the asset's own applies. */
    private transient ZoneId[] policyZones;
    private transient JobCounters counters;
    private transient StreamDirectory directory;

    DailyEnergyCounter(String engineKey, String pipelineId, JobSpec.DailyEnergy spec) {
        this.engineKey = engineKey;
        this.pipelineId = pipelineId;
        this.spec = spec;
    }

    static MapStateDescriptor<String, EnergyDay> daysState() {
        return new MapStateDescriptor<>("days", Types.STRING, TypeExtractor.getForClass(EnergyDay.class));
    }

    @Override
    public void open(OpenContext context) {
        readings = getRuntimeContext().getMapState(new MapStateDescriptor<>("readings", Types.STRING, Types.DOUBLE));
        days = getRuntimeContext().getMapState(daysState());
        newest = getRuntimeContext().getMapState(new MapStateDescriptor<>("newest", Types.INT,
                TypeExtractor.getForClass(EnergyReading.class)));
        identity = getRuntimeContext().getState(new ValueStateDescriptor<>("org", Types.STRING));
        zones = new HashMap<>();
        policyZones = new ZoneId[spec.policies().size()];
        for (int i = 0; i < policyZones.length; i++) {
            String zone = spec.policies().get(i).timeZone();
            policyZones[i] = zone == null ? null : Timezones.parse(zone);
        }
        counters = EngineResources.counters(pipelineId);
        directory = JobDirectory.of(engineKey, getRuntimeContext());
    }

    @Override
    public void processElement(AssetSample sample, Context ctx, Collector<OutputValue> out) throws Exception {
        if (identity.value() == null) {
            identity.update(sample.orgId);
        }
        boolean advanced = false;
        for (int i = 0; i < spec.policies().size(); i++) {
            EnergyPolicy policy = spec.policies().get(i);
            Double value = policy.modelId().equals(sample.modelId) ? sample.values.get(policy.inputPoint()) : null;
            if (value == null) {
                continue;
            }
            long t = sample.time;
            EnergyReading last = newest.get(i);
            if (last != null && (t == last.time || readings.contains(key(i, t)))) {
                continue; // a repeat (a device re-sending what it cached) counts once
            }
            ZoneId zone = policyZones[i] != null ? policyZones[i] : zone(sample.orgId, sample.assetId);
            if (last == null || t > last.time) {
                if (last != null) {
                    double energy = energy(policy, last.time, last.value, t, value);
                    if (policy.intervalMillis() > 0) {
                        emitIntervals(i, policy, zone, last.time, t, energy, sample, out);
                    }
                    add(i, last.time, t, energy, zone, last.time, new LinkedHashSet<>());
                }
                readings.put(key(i, t), value);
                newest.put(i, new EnergyReading(t, value));
                advanced = true;
            } else {
                late(i, policy, zone, t, value, last.time, sample, out);
            }
        }
        if (advanced) {
            // closes the days the new readings passed; the emission follows after the arrival grace
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + WindowAggregator.ARRIVAL_GRACE_MILLIS);
        }
    }

    private void late(int i, EnergyPolicy policy, ZoneId zone, long t, double value, long watermark,
                      AssetSample sample, Collector<OutputValue> out) throws Exception {
        long dayStart = LocalDays.startOf(t - 1, zone);
        long dayEnd = LocalDays.next(dayStart, zone);
        EnergyDay own = days.get(key(i, dayStart));
        // a day still closing (in its arrival grace) takes the reading even without lateness
        if (dayEnd + spec.latencyMillis() <= watermark && (own == null || own.emitted)) {
            counters.lateDropped.incrementAndGet();
            return;
        }
        EnergyReading prev = null;
        EnergyReading next = null;
        String prefix = i + ":";
        for (Map.Entry<String, Double> entry : readings.entries()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            long time = Long.parseLong(entry.getKey().substring(prefix.length()));
            if (time < t && (prev == null || time > prev.time)) {
                prev = new EnergyReading(time, entry.getValue());
            } else if (time > t && (next == null || time < next.time)) {
                next = new EnergyReading(time, entry.getValue());
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        // the interval (prev, next] becomes (prev, t] and (t, next]
        if (prev != null) {
            add(i, prev.time, next.time, -energy(policy, prev.time, prev.value, next.time, next.value), zone,
                    watermark, changed);
            add(i, prev.time, t, energy(policy, prev.time, prev.value, t, value), zone, watermark, changed);
        }
        add(i, t, next.time, energy(policy, t, value, next.time, next.value), zone, watermark, changed);
        readings.put(key(i, t), value);
        if (policy.intervalMillis() > 0) {
            correctIntervals(i, policy, zone, prev != null ? prev.time : t, watermark, sample, out);
        }
        for (String key : changed) {
            EnergyDay day = days.get(key);
            if (day != null && day.emitted) {
                emit(sample.orgId, sample.assetId, policy, Long.parseLong(key.substring(prefix.length())), day, out);
            }
        }
    }

    /** Adds the energy of {@code (from, to]} to the days it overlaps that have not expired. */
    private void add(int i, long from, long to, double energy, ZoneId zone, long watermark, Set<String> changed)
            throws Exception {
        LocalDays.split(from, to, energy, zone, (start, end, share) -> {
            String key = key(i, start);
            EnergyDay day = days.get(key);
            if (day == null) {
                if (end + spec.latencyMillis() <= watermark) {
                    return; // expired and gone: beyond the allowed lateness
                }
                day = new EnergyDay(end);
            }
            day.energy += share;
            days.put(key, day);
            changed.add(key);
        });
    }

    /** Energy of the current day up to each interval boundary in {@code (from, to]}, from an in-order interval. */
    private void emitIntervals(int i, EnergyPolicy policy, ZoneId zone, long from, long to, double energy,
                               AssetSample sample, Collector<OutputValue> out) throws Exception {
        for (long start = LocalDays.startOf(from, zone); start < to; ) {
            long end = LocalDays.next(start, zone);
            EnergyDay day = days.get(key(i, start));
            double before = day == null ? 0 : day.energy;
            for (long b = start + policy.intervalMillis(); b < end && b <= to; b += policy.intervalMillis()) {
                if (b > from) {
                    double sofar = before + energy * (b - Math.max(from, start)) / (to - from);
                    out.collect(new OutputValue(sample.orgId, policy.modelId(), sample.assetId, policy.intervalPoint(),
                            b, sofar));
                    counters.recordsOut.incrementAndGet();
                }
            }
            start = end;
        }
    }

    /**
     * After a late reading: the energy of the current day so far at every interval boundary in {@code (from, to]} of
     * the days not expired, recomputed from the readings kept (those of those days and the one before them), split
     * over time as {@link #add} and {@link #emitIntervals} split it.
     */
    private void correctIntervals(int i, EnergyPolicy policy, ZoneId zone, long from, long to, AssetSample sample,
                                  Collector<OutputValue> out) throws Exception {
        var series = new TreeMap<Long, Double>();
        String prefix = i + ":";
        for (Map.Entry<String, Double> entry : readings.entries()) {
            if (entry.getKey().startsWith(prefix)) {
                series.put(Long.parseLong(entry.getKey().substring(prefix.length())), entry.getValue());
            }
        }
        for (long start = LocalDays.startOf(from, zone); start < to; ) {
            long end = LocalDays.next(start, zone);
            // an expired day keeps too few readings to recompute; its values stand, as its daily value does
            boolean kept = days.contains(key(i, start));
            for (long b = start + policy.intervalMillis(); kept && b < end && b <= to; b += policy.intervalMillis()) {
                if (b > from) {
                    out.collect(new OutputValue(sample.orgId, policy.modelId(), sample.assetId, policy.intervalPoint(),
                            b, energyWithin(policy, series, start, b)));
                    counters.recordsOut.incrementAndGet();
                }
            }
            start = end;
        }
    }

    /** The energy of {@code (start, end]}: each interval between readings counts for the part of it within. */
    private static double energyWithin(EnergyPolicy policy, TreeMap<Long, Double> series, long start, long end) {
        double sum = 0;
        Map.Entry<Long, Double> previous = null;
        Long first = series.floorKey(start);
        for (Map.Entry<Long, Double> r : series.tailMap(first == null ? Long.MIN_VALUE : first, true).entrySet()) {
            if (previous != null) {
                long a = Math.max(previous.getKey(), start);
                long z = Math.min(r.getKey(), end);
                if (z > a) {
                    sum += energy(policy, previous.getKey(), previous.getValue(), r.getKey(), r.getValue()) * (z - a)
                            / (r.getKey() - previous.getKey());
                }
            }
            if (r.getKey() >= end) {
                break;
            }
            previous = r;
        }
        return sum;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputValue> out) throws Exception {
        Map<String, EnergyDay> fired = new HashMap<>();
        List<String> expired = new ArrayList<>();
        Map<Integer, Long> earliestKept = new HashMap<>();
        for (Map.Entry<String, EnergyDay> entry : days.entries()) {
            String key = entry.getKey();
            int sep = key.indexOf(':');
            int i = Integer.parseInt(key.substring(0, sep));
            long start = Long.parseLong(key.substring(sep + 1));
            EnergyReading last = newest.get(i);
            EnergyDay day = entry.getValue();
            if (day.end <= last.time && !day.emitted) {
                day.emitted = true;
                emit(identity.value(), ctx.getCurrentKey(), spec.policies().get(i), start, day, out);
                fired.put(key, day);
            }
            if (day.emitted && day.end + spec.latencyMillis() <= last.time) {
                expired.add(key);
            } else {
                earliestKept.merge(i, start, Math::min);
            }
        }
        // state is changed after the iteration, which it must not be during
        days.putAll(fired);
        for (String key : expired) {
            days.remove(key);
        }
        if (!expired.isEmpty()) {
            for (int i = 0; i < spec.policies().size(); i++) {
                EnergyReading last = newest.get(i);
                if (last != null) {
                    prune(i, earliestKept.getOrDefault(i, last.time));
                }
            }
        }
    }

    /** Drops readings before {@code bound} except the newest of them, the baseline of a late reading after it. */
    private void prune(int i, long bound) throws Exception {
        String prefix = i + ":";
        List<Long> older = new ArrayList<>();
        for (String key : readings.keys()) {
            if (key.startsWith(prefix)) {
                long time = Long.parseLong(key.substring(prefix.length()));
                if (time < bound) {
                    older.add(time);
                }
            }
        }
        older.sort(null);
        for (int k = 0; k < older.size() - 1; k++) {
            readings.remove(key(i, older.get(k)));
        }
    }

    private void emit(String orgId, String assetId, EnergyPolicy policy, long dayStart, EnergyDay day,
                      Collector<OutputValue> out) {
        out.collect(new OutputValue(orgId, policy.modelId(), assetId, policy.outputPoint(), dayStart, day.energy));
        counters.recordsOut.incrementAndGet();
    }

    /**
     * Energy of the interval between two readings. Meter: the rise of the counter; a fall means the meter was reset
     * or replaced and counts from zero; a rise faster than {@code maxRatePerHour} is a glitch and counts nothing
     * (the reading still becomes the next baseline, so one bad reading costs its two intervals, not the day).
     * Power: the trapezoid, in power × hours.
     */
    static double energy(EnergyPolicy policy, long t1, double v1, long t2, double v2) {
        double hours = (t2 - t1) / MILLIS_PER_HOUR;
        if (policy.method() == EnergyMethod.POWER_INTEGRAL) {
            return (v1 + v2) / 2 * hours;
        }
        double rise = v2 >= v1 ? v2 - v1 : v2;
        return rise / hours > policy.maxRatePerHour() ? 0 : rise;
    }

    private ZoneId zone(String orgId, String assetId) {
        ZoneId zone = zones.get(assetId);
        if (zone == null) {
            // a registry outage fails the job, which restarts from its checkpoint, rather than counting in UTC
            String tz = directory.timezone(orgId, assetId);
            try {
                zone = Timezones.parse(tz);
            } catch (RuntimeException e) {
                counters.errors.incrementAndGet();
                zone = ZoneOffset.UTC;
            }
            zones.put(assetId, zone);
        }
        return zone;
    }

    private static String key(int policy, long time) {
        return policy + ":" + time;
    }
}
