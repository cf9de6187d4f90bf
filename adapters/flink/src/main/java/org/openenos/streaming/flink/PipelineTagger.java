package org.openenos.streaming.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.streaming.pipeline.Operator;
import org.openenos.streaming.pipeline.RecordAttributes;

/**
 * The stages that compare a record with the one before it of the same asset and point (keyed by both): the last
 * record appender adds the previous record's time and value, the late point tagger marks a record older than the
 * newest seen (the first is not late). What they remember is keyed state, checkpointed with the job.
 */
final class PipelineTagger extends KeyedProcessFunction<String, PipelineRecord, PipelineRecord> {
    private final Operator operator;
    private transient ValueState<TimedValue> previous;

    PipelineTagger(Operator operator) {
        if (operator != Operator.LastRecordAppender && operator != Operator.LatePointTagger) {
            throw new IllegalArgumentException("not a per-point tagger: " + operator);
        }
        this.operator = operator;
    }

    static ValueStateDescriptor<TimedValue> previousState() {
        return new ValueStateDescriptor<>("previous", TypeExtractor.getForClass(TimedValue.class));
    }

    @Override
    public void open(OpenContext context) {
        previous = getRuntimeContext().getState(previousState());
    }

    @Override
    public void processElement(PipelineRecord r, Context ctx, Collector<PipelineRecord> out) throws Exception {
        if (r.isEndMarker()) {
            out.collect(r);
            return;
        }
        TimedValue before = previous.value();
        if (operator == Operator.LastRecordAppender) {
            if (before != null) {
                r.attr.put(RecordAttributes.LAST_RECORD_TIME, Long.toString(before.time));
                r.attr.put(RecordAttributes.LAST_RECORD_VALUE, Double.toString(before.value));
            }
            previous.update(new TimedValue(r.time, r.value));
        } else {
            boolean late = before != null && r.time < before.time;
            r.attr.put(RecordAttributes.IS_LATE, Boolean.toString(late));
            if (!late) {
                previous.update(new TimedValue(r.time, r.value));
            }
        }
        out.collect(r);
    }
}
