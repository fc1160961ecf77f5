package dev.emporium.load.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A run cut into equal time buckets (by request start), each summarised: what the latency-over-time and
 * throughput-over-time charts plot. The bucket width grows with the run so a chart keeps ~120 points.
 */
public record TimeSeries(long bucketMillis, List<Bucket> buckets) {

    /** @param second start of the bucket in seconds since the run start */
    public record Bucket(double second, LatencySummary summary) {}

    public static TimeSeries of(List<RequestSample> requests) {
        long last = requests.stream().mapToLong(RequestSample::start).max().orElse(0);
        long width = Math.max(1000, (long) Math.ceil(last / 120_000.0) * 1000);
        int count = (int) (last / width) + 1;
        List<List<RequestSample>> grouped = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            grouped.add(new ArrayList<>());
        }
        for (RequestSample request : requests) {
            grouped.get((int) (request.start() / width)).add(request);
        }
        List<Bucket> buckets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            buckets.add(new Bucket(i * width / 1000.0, LatencySummary.of(grouped.get(i), width / 1000.0)));
        }
        return new TimeSeries(width, buckets);
    }
}
