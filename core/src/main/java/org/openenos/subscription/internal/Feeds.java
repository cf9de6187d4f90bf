package org.openenos.subscription.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.Alert;
import org.openenos.model.MeasurePointValue;
import org.openenos.subscription.GroupLag;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionType;

/**
 * Where the subscriptions' messages are kept and read: files of this node ({@link SubscriptionFeeds}) or the log
 * shared by several nodes ({@link SharedFeeds}).
 */
public interface Feeds extends AutoCloseable {

    void open(Subscription s);

    void replace(Subscription s);

    void delete(String subId);

    void reindex();

    Collection<String> subIds();

    SubscriptionConsumer join(String subId, String group, long pullWaitMillis, int maxMessages);

    List<GroupLag> lag(String subId);

    int groupSize(String subId, String group);

    long delivered(String subId, String group);

    long missed(String subId, String group);

    /** Whether some subscription takes values from the bus; while none does, the bus need not be read. */
    boolean takesValues();

    /** Routes values to the subscriptions of {@code type} that match them; false when none matched. */
    boolean deliverValues(List<MeasurePointValue> values, SubscriptionType type);

    void deliverAlert(Alert alert);

    boolean wantsEvent(String orgId, String modelId, String assetId);

    void deliverEvent(String orgId, String modelId, String assetId, Map<String, Object> fields);

    /** Makes everything delivered so far durable. */
    void flush();

    long expire(long cutoff, long now, long rollAfterMillis);

    @Override
    void close();
}
