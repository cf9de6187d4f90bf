package org.openenos.edge.iec104;

import java.util.function.BiConsumer;
import org.openenos.edge.field.Sample;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ie.IeBinaryCounterReading;
import org.openmuc.j60870.ie.IeDoublePointWithQuality;
import org.openmuc.j60870.ie.IeNormalizedValue;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSinglePointWithQuality;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationElement;
import org.openmuc.j60870.ie.InformationObject;

/**
 * Turns the monitored information objects of an ASDU into samples per information object address: single and double
 * points, scaled, normalized and floating measured values and integrated totals, with or without a CP56 time tag.
 * The quality descriptor maps onto the EnOS quality code, the worst flag winning: invalid (IV) 9, blocked (BL) 4,
 * substituted (SB) 3, not topical (NT) 2, overflow (OV) 1, none 0. Values travel with their quality, so a
 * substituted value stays visible as such. Time tags are read as UTC.
 */
final class Iec104Values {
    private static final java.util.TimeZone UTC = java.util.TimeZone.getTimeZone("UTC");
    static final int OVERFLOW = 1;
    static final int NOT_TOPICAL = 2;
    static final int SUBSTITUTED = 3;
    static final int BLOCKED = 4;

    private Iec104Values() {
    }

    /** Calls {@code sink} with (ioa, sample) for every value of a monitoring ASDU; other ASDUs give nothing. */
    static void decode(ASdu asdu, long receivedAt, BiConsumer<Integer, Sample> sink) {
        if (!asdu.getTypeIdentification().name().startsWith("M_")) {
            return;
        }
        for (InformationObject object : asdu.getInformationObjects()) {
            InformationElement[][] sets = object.getInformationElements();
            for (int i = 0; i < sets.length; i++) {
                // A sequence ASDU (SQ=1) carries consecutive addresses from the object's one.
                Sample sample = sample(sets[i], receivedAt);
                if (sample != null) {
                    sink.accept(object.getInformationObjectAddress() + i, sample);
                }
            }
        }
    }

    private static Sample sample(InformationElement[] elements, long receivedAt) {
        Object value = null;
        int quality = 0;
        long time = receivedAt;
        for (InformationElement e : elements) {
            switch (e) {
                case IeSinglePointWithQuality sp -> {
                    value = sp.isOn();
                    quality = Math.max(quality, quality(sp.isInvalid(), sp.isBlocked(), sp.isSubstituted(),
                            sp.isNotTopical(), false));
                }
                case IeDoublePointWithQuality dp -> {
                    value = switch (dp.getDoublePointInformation()) {
                        case OFF -> 1L;
                        case ON -> 2L;
                        case INDETERMINATE_OR_INTERMEDIATE -> 0L;
                        case INDETERMINATE -> 3L;
                    };
                    quality = Math.max(quality, quality(dp.isInvalid(), dp.isBlocked(), dp.isSubstituted(),
                            dp.isNotTopical(), false));
                }
                case IeShortFloat f -> value = (double) f.getValue();
                case IeScaledValue s -> value = (long) s.getUnnormalizedValue();
                case IeNormalizedValue n -> value = n.getNormalizedValue();
                case IeBinaryCounterReading c -> {
                    value = (long) c.getCounterReading();
                    if (c.getFlags().contains(IeBinaryCounterReading.Flag.INVALID)) {
                        quality = Sample.BAD;
                    } else if (c.getFlags().contains(IeBinaryCounterReading.Flag.CARRY)) {
                        quality = Math.max(quality, OVERFLOW);
                    }
                }
                case org.openmuc.j60870.ie.IeQuality q -> quality = Math.max(quality, quality(q.isInvalid(),
                        q.isBlocked(), q.isSubstituted(), q.isNotTopical(), q.isOverflow()));
                case IeTime56 t -> {
                    if (!t.isInvalid()) {
                        time = t.getTimestamp(1970, UTC);
                    }
                }
                default -> { }
            }
        }
        if (value == null) {
            return null;
        }
        return new Sample(value, quality, time);
    }

    private static int quality(boolean invalid, boolean blocked, boolean substituted, boolean notTopical,
                               boolean overflow) {
        if (invalid) {
            return Sample.BAD;
        }
        if (blocked) {
            return BLOCKED;
        }
        if (substituted) {
            return SUBSTITUTED;
        }
        if (notTopical) {
            return NOT_TOPICAL;
        }
        return overflow ? OVERFLOW : 0;
    }
}
