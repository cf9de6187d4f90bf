package org.openenos.edge.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.compute.CalculatedPoints;
import org.openenos.edge.compute.OncePerTimestamp;
import org.openenos.edge.compute.ThresholdRules;
import org.openenos.edge.compute.UploadFilter;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.field.Sample;
import org.openenos.edge.mapping.TemplateMapper;

/**
 * The per-device processing chain, run once per poll (or per subscription update): map raw points onto model
 * points, compute calculated points, evaluate local rules, apply the upload mode and put the result in wire form.
 * Stateful (windows, integrals, last sent values), so one device is processed by one thread at a time.
 */
public final class DevicePipeline {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DevicePipeline.class);
    /** What one cycle produced: items to upload and events raised by local rules. */
    public record Output(List<UploadItem> items, List<ThresholdRules.RaisedEvent> events, Map<String, Sample> points) {
    }

    private final DeviceConfig device;
    private final SubDevice subDevice;
    private final TemplateMapper mapper;
    private final CalculatedPoints calculated;
    private final ThresholdRules rules;
    private final UploadFilter filter;
    private final OncePerTimestamp once = new OncePerTimestamp();
    /** Data types of the sub-device's model points, once learnt from the cloud; empty until then. */
    private volatile Map<String, String> cloudTypes = Map.of();
    /** Points whose current value does not fit their cloud type, with the reason: shown by {@code /status}. */
    private final Map<String, String> unconvertible = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DevicePipeline(DeviceConfig device) {
        this.device = device;
        this.subDevice = new SubDevice(device.productKey(), device.deviceKey(), device.deviceSecret());
        this.mapper = new TemplateMapper(device.template().measurepoints());
        this.calculated = new CalculatedPoints(device.template().calculated());
        this.rules = new ThresholdRules(device.template().rules());
        this.filter = new UploadFilter(device.upload());
    }

    public DeviceConfig device() {
        return device;
    }

    public SubDevice subDevice() {
        return subDevice;
    }

    /** The cloud's data types of this device's measure points (point id to INT, FLOAT, DOUBLE, BOOL, ENUM …). */
    public void setCloudTypes(Map<String, String> types) {
        this.cloudTypes = Map.copyOf(types);
    }

    /** Points whose last value could not be converted to their cloud type, with the reason. */
    public Map<String, String> unconvertible() {
        return Map.copyOf(unconvertible);
    }

    public synchronized Output process(Map<String, Sample> raw, long now) {
        Map<String, Sample> points = new LinkedHashMap<>(mapper.map(raw));
        calculated.apply(points);
        List<ThresholdRules.RaisedEvent> events = rules.evaluate(points);
        // The upload mode decides first: the once-per-time filter remembers a sample as sent, so it only sees
        // what is really sent (a reading held back by the timer is still sent when the timer is due).
        Map<String, Sample> upload = once.filter(filter.filter(points, now));
        return new Output(toItems(upload), events, points);
    }

    /**
     * The sample in the form its cloud point accepts. One that cannot fit is sent as a failed reading rather than a
     * value the cloud would drop without a word, and said once per point in the log and always in {@code /status}.
     */
    private Sample converted(String point, Sample sample) {
        String type = cloudTypes.get(point);
        if (type == null || !sample.isGood()) {
            return sample;
        }
        var value = org.openenos.edge.compute.PointTypeConversion.convert(sample.value(), type);
        if (value.isPresent()) {
            unconvertible.remove(point);
            return value.get() == sample.value() ? sample : Sample.good(value.get(), sample.time());
        }
        String reason = "value " + org.openenos.edge.compute.PointTypeConversion.describe(sample)
                + " cannot be sent to " + type + " point '" + point + "'";
        unconvertible.put(point, reason);
        if (reported.add(point)) {
            LOG.warn("device {}: {}; sent with bad quality", device.id(), reason);
        }
        return Sample.bad(sample.time());
    }

    private List<UploadItem> toItems(Map<String, Sample> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        // Samples of one poll share a time; subscription updates may not, and an item carries one time.
        Map<Long, Map<String, Object>> byTime = new TreeMap<>();
        boolean withQuality = device.upload().withQuality();
        for (Map.Entry<String, Sample> e : points.entrySet()) {
            Sample s = converted(e.getKey(), e.getValue());
            if (!withQuality && !s.isGood()) {
                continue;
            }
            Object wire = s.value();
            if (withQuality) {
                Map<String, Object> valueAndQuality = new LinkedHashMap<>();
                valueAndQuality.put("value", s.value());
                valueAndQuality.put("quality", s.quality());
                wire = valueAndQuality;
            }
            byTime.computeIfAbsent(s.time(), t -> new LinkedHashMap<>()).put(e.getKey(), wire);
        }
        List<UploadItem> items = new ArrayList<>(byTime.size());
        if (byTime.isEmpty()) {
            return List.of();
        }
        byTime.forEach((time, values) -> items.add(new UploadItem(device.productKey(), device.deviceKey(), time, values)));
        return items;
    }
}
