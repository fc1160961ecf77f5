package dev.emporium.load.report;

/**
 * One request as the load generator saw it. Times are milliseconds since the start of the run.
 *
 * @param message why the request failed (the failed check or the exception), empty when it succeeded
 */
public record RequestSample(String name, long start, long end, boolean ok, String message) {

    public long latency() {
        return end - start;
    }
}
