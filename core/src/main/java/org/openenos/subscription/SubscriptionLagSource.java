package org.openenos.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.platform.PlatformMetricSource;
import org.openenos.alerting.platform.PlatformModels;
import org.openenos.alerting.platform.PlatformSample;

/** Consumer groups of data subscriptions as platform assets ({@code subId:group}): lag, consumers, missed messages. */
public final class SubscriptionLagSource implements PlatformMetricSource {
    private final SubscriptionStore subscriptions;
    private final SubscriptionEngine engine;

    public SubscriptionLagSource(SubscriptionStore subscriptions, SubscriptionEngine engine) {
        this.subscriptions = subscriptions;
        this.engine = engine;
    }

    @Override
    public List<PlatformSample> sample() {
        var samples = new ArrayList<PlatformSample>();
        for (Subscription sub : subscriptions.all()) {
            for (GroupLag group : engine.lag(sub.subId())) {
                samples.add(new PlatformSample(sub.orgId(), PlatformModels.SUBSCRIPTION_GROUP,
                        sub.subId() + ":" + group.consumerGroup(), sub.name() + " / " + group.consumerGroup(),
                        Map.of("lag", (double) group.lag(), "connectedConsumers", (double) group.connectedConsumers(),
                                "missedMessages", (double) group.missedMessages())));
            }
        }
        return samples;
    }

    @Override
    public String toString() {
        return "subscription consumer groups";
    }
}
