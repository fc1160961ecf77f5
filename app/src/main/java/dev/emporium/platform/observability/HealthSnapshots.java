package dev.emporium.platform.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The anonymous views of {@code /actuator/health} (aggregate, {@code liveness}, {@code readiness}),
 * computed by one background thread every {@code emporium.health.refresh-interval} and kept as
 * ready-to-send bytes with their HTTP status. Probes and monitoring read these, so however often
 * they call, the health indicators (the database round trip among them) run once per interval on
 * each node, never once per request.
 *
 * <p>The views are the same ones the endpoint gives a caller without credentials: statuses and
 * components, no details ({@code show-details: when-authorized}). An availability change (ready,
 * refusing traffic at shutdown, broken) triggers a refresh at once, so a draining node's readiness
 * turns 503 without waiting for the next tick. Until the first refresh completes there is no
 * snapshot and requests go to the endpoint as usual.
 */
final class HealthSnapshots implements SmartLifecycle {

    /** One view: the status code the endpoint would use and the JSON body. */
    record Snapshot(int status, byte[] body) {}

    private static final Logger log = LoggerFactory.getLogger(HealthSnapshots.class);

    private final HealthEndpointWebExtension endpoint;
    private final JsonMapper json;
    private final Duration interval;
    private volatile Map<String, Snapshot> snapshots = Map.of();
    private @Nullable ScheduledExecutorService scheduler;

    HealthSnapshots(HealthEndpointWebExtension endpoint, JsonMapper json, Duration interval) {
        this.endpoint = endpoint;
        this.json = json;
        this.interval = interval;
    }

    /** The view for a path under {@code /actuator/health} ({@code ""}, {@code /liveness}, {@code /readiness}), or null. */
    @Nullable
    Snapshot get(String subPath) {
        return snapshots.get(subPath);
    }

    void refresh() {
        try {
            snapshots = Map.of("", snapshot(), "/liveness", snapshot("liveness"), "/readiness", snapshot("readiness"));
        } catch (RuntimeException e) {
            // keep serving the last views rather than none; the endpoint itself still answers live
            log.warn("health refresh failed: {}", e.toString());
        }
    }

    /** Exactly what the web endpoint computes for a caller without credentials on the main port. */
    private Snapshot snapshot(String... path) {
        WebEndpointResponse<HealthDescriptor> response =
                endpoint.health(ApiVersion.V3, WebServerNamespace.SERVER, SecurityContext.NONE, path);
        return new Snapshot(
                response.getStatus(),
                json.writeValueAsBytes(java.util.Objects.requireNonNull(response.getBody(), "health body")));
    }

    @EventListener({ApplicationReadyEvent.class, AvailabilityChangeEvent.class})
    void onAvailabilityChange() {
        refresh();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("health-refresh").factory());
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
