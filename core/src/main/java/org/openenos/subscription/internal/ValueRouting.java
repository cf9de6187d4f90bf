package org.openenos.subscription.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionType;

/** Routes values through the filter index: per subscription, per asset, the matching values in their order. */
final class ValueRouting {
    private ValueRouting() {
    }

    static Map<String, Map<String, List<MeasurePointValue>>> route(SubscriptionIndex index, SubscriptionScope scope,
                                                                   List<MeasurePointValue> values,
                                                                   SubscriptionType type) {
        var perSubscription = new HashMap<String, Map<String, List<MeasurePointValue>>>();
        for (MeasurePointValue v : values) {
            if (!index.any(type, v.orgId())) {
                continue;
            }
            for (Subscription s : index.match(type, v.orgId(), v.modelId(), v.assetId(), v.pointId(), null, scope)) {
                perSubscription.computeIfAbsent(s.subId(), id -> new LinkedHashMap<>())
                        .computeIfAbsent(v.assetId(), a -> new ArrayList<>()).add(v);
            }
        }
        return perSubscription;
    }
}
