package org.openenos.streaming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.openenos.alerting.platform.PlatformMetricSource;
import org.openenos.alerting.platform.PlatformModels;
import org.openenos.alerting.platform.PlatformSample;

/** Running stream jobs as platform assets: lag, errors, rates and whether the engine runs them. */
public final class StreamJobMetricSource implements PlatformMetricSource {
    private final StreamingService streaming;

    public StreamJobMetricSource(StreamingService streaming) {
        this.streaming = streaming;
    }

    @Override
    public List<PlatformSample> sample() {
        var samples = new ArrayList<PlatformSample>();
        for (StreamingService.RuntimeView view : streaming.runningJobs()) {
            var points = new LinkedHashMap<String, Double>();
            points.put("lag", (double) view.state().lag());
            points.put("errors", (double) view.state().errors());
            points.put("recordsInRate", view.rates().inPerSecond());
            points.put("recordsOutRate", view.rates().outPerSecond());
            points.put("running", "RUNNING".equals(view.state().phase()) ? 1.0 : 0.0);
            samples.add(new PlatformSample(view.job().orgId(), PlatformModels.STREAM_JOB, view.job().pipelineId(),
                    view.job().name(), points));
        }
        return samples;
    }

    @Override
    public String toString() {
        return "stream jobs";
    }
}
