package dev.emporium.load.report;

import java.util.List;

/**
 * What one Gatling run recorded: its identity and every request, in the order they completed.
 *
 * @param runStart     epoch milliseconds at which the run started; sample times are relative to it
 * @param errors       errors that are not requests (a request that could not even be built)
 */
public record SimulationRun(
        String gatlingVersion,
        String simulationClass,
        long runStart,
        List<RequestSample> requests,
        List<String> errors) {

    /** Seconds from the first request's start to the last request's end (at least one millisecond). */
    public double durationSeconds() {
        long first = requests.stream().mapToLong(RequestSample::start).min().orElse(0);
        long last = requests.stream().mapToLong(RequestSample::end).max().orElse(1);
        return Math.max(1, last - first) / 1000.0;
    }
}
