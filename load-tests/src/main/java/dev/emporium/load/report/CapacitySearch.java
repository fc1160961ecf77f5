package dev.emporium.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a stepped-arrival-rate run (CapacitySearchSimulation) level by level, levels counted from the
 * first request (Gatling's run start precedes its first injection by a JVM-and-client warm-up that can
 * take seconds on a busy machine). A level <em>holds</em>
 * when its p99 is within the bound and its error rate within the allowance. The capacity is the
 * highest level reached before the first level that did not hold: a level that happens to pass after
 * the server already failed does not count.
 *
 * @param startRate  journeys per second of level 0
 * @param stepRate   journeys per second added per level
 * @param levelMillis duration of each level
 */
public record CapacitySearch(
        double startRate, double stepRate, int levels, long levelMillis, long p99BoundMillis, double maxErrorRate) {

    public record Level(double rate, LatencySummary summary, boolean held) {}

    public record Result(List<Level> levels, Optional<Level> capacity) {}

    public Result analyse(List<RequestSample> requests) {
        List<List<RequestSample>> byLevel = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            byLevel.add(new ArrayList<>());
        }
        long origin = requests.stream().mapToLong(RequestSample::start).min().orElse(0);
        for (RequestSample request : requests) {
            int level = (int) ((request.start() - origin) / levelMillis);
            if (level < levels) {
                byLevel.get(level).add(request);
            }
        }
        List<Level> result = new ArrayList<>();
        Level capacity = null;
        boolean failed = false;
        for (int i = 0; i < levels; i++) {
            LatencySummary summary = LatencySummary.of(byLevel.get(i), levelMillis / 1000.0);
            boolean held =
                    summary.count() > 0 && summary.p99() <= p99BoundMillis && summary.errorRate() <= maxErrorRate;
            Level level = new Level(startRate + i * stepRate, summary, held);
            result.add(level);
            if (!held) {
                failed = true;
            } else if (!failed) {
                capacity = level;
            }
        }
        return new Result(result, Optional.ofNullable(capacity));
    }
}
