package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warehouse scanner's work, as the source system's readiness test mixed it: each scanner owns an
 * open shipment bag (a PARENT); between think pauses it scans a new item bag (a CHILD, created by the
 * scan), puts the last one into its bag (a child link), looks a parcel up, re-scans an existing
 * parcel where it lies, or reads the stats. A full bag (40 items) is packed and dispatched (two more
 * scans) and a new one opened. Every request checks its status and the shape of its body.
 *
 * <pre>
 *   40%  single scan of a new child          POST /fulfillment/scans
 *   25%  link the last child into the bag    POST /fulfillment/parcels/{qr}/children
 *   20%  parcel lookup (an existing code)    GET  /fulfillment/parcels/{qr}
 *   10%  location re-scan of an existing one POST /fulfillment/scans
 *    5%  stats                               GET  /fulfillment/stats
 * </pre>
 */
final class ScanningJourneys {

    static final String SCAN = "POST /fulfillment/scans";
    static final String RESCAN = "POST /fulfillment/scans (existing)";
    static final String BAG = "POST /fulfillment/scans (bag)";
    static final String LINK = "POST /fulfillment/parcels/{qr}/children";
    static final String LOOKUP = "GET /fulfillment/parcels/{qr}";
    static final String STATS = "GET /fulfillment/stats";

    private static final int BAG_SIZE = 40;
    private static final String[] AREAS = {"A01", "A02", "A03", "A05", "A08", "A13", "A21", "A34", "DOCK-1", "DOCK-2"};

    private final ScanningParameters parameters;
    private final AtomicLong sequence = new AtomicLong();

    ScanningJourneys(ScanningParameters parameters) {
        this.parameters = parameters;
    }

    private String code(String prefix) {
        return prefix + "-B" + parameters.run() + "X"
                + Long.toString(sequence.incrementAndGet(), 36).toUpperCase();
    }

    private String scanId() {
        return "b-" + parameters.run() + "-" + sequence.incrementAndGet();
    }

    private static String area() {
        return AREAS[ThreadLocalRandom.current().nextInt(AREAS.length)];
    }

    private String existingCode() {
        var codes = parameters.codes();
        return codes.isEmpty()
                ? "P-00000001"
                : codes.get(ThreadLocalRandom.current().nextInt(codes.size()));
    }

    private ChainBuilder scan(String name, String qrKey, String status) {
        return exec(session -> session.set("scanId", scanId()).set("area", area()))
                .exec(http(name)
                        .post("/api/v1/fulfillment/scans")
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody(
                                status == null
                                        ? "{\"scanId\":\"#{scanId}\",\"qr\":\"#{" + qrKey + "}\",\"area\":\"#{area}\"}"
                                        : "{\"scanId\":\"#{scanId}\",\"qr\":\"#{" + qrKey
                                                + "}\",\"area\":\"#{area}\",\"status\":\"" + status + "\"}"))
                        .asJson()
                        .check(status().is(201), jsonPath("$.event.id").exists()));
    }

    private ChainBuilder openBag() {
        return exec(session -> session.set("bag", code("P")).set("inBag", 0)).exec(scan(BAG, "bag", null));
    }

    private ChainBuilder closeBagWhenFull() {
        return doIf(session -> session.getInt("inBag") >= BAG_SIZE)
                .then(exec(scan(BAG, "bag", "PACKED"))
                        .exec(scan(BAG, "bag", "DISPATCHED"))
                        .exec(openBag()));
    }

    private ChainBuilder newChild() {
        return exec(session -> session.set("child", code("C")).set("linked", false))
                .exec(scan(SCAN, "child", null));
    }

    private ChainBuilder link() {
        return doIfOrElse(session -> session.contains("child") && !session.getBoolean("linked"))
                .then(exec(http(LINK)
                                .post("/api/v1/fulfillment/parcels/#{bag}/children")
                                .header("Authorization", "Bearer #{token}")
                                .body(StringBody("{\"childQr\":\"#{child}\"}"))
                                .asJson()
                                .check(
                                        status().is(201),
                                        jsonPath("$.childCount").exists()))
                        .exec(session -> session.set("linked", true).set("inBag", session.getInt("inBag") + 1))
                        .exec(closeBagWhenFull()))
                .orElse(newChild());
    }

    private ChainBuilder lookup() {
        return exec(session -> session.set("lookup", existingCode()))
                .exec(http(LOOKUP)
                        .get("/api/v1/fulfillment/parcels/#{lookup}")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), jsonPath("$.qr").exists()));
    }

    private ChainBuilder rescan() {
        return exec(session -> session.set("existing", existingCode())).exec(scan(RESCAN, "existing", null));
    }

    private ChainBuilder stats() {
        return exec(http(STATS)
                .get("/api/v1/fulfillment/stats")
                .header("Authorization", "Bearer #{token}")
                .check(status().is(200), jsonPath("$.asOf").exists()));
    }

    /** One scanner working for {@code duration}, pausing {@code thinkMin..thinkMax} between actions. */
    ScenarioBuilder scanners(String name, Duration duration) {
        return scenario(name)
                .exec(session -> session.set("token", parameters.token(session.userId())))
                .exec(openBag())
                .during(duration)
                .on(pause(parameters.thinkMin(), parameters.thinkMax())
                        .randomSwitch()
                        .on(
                                percent(40.0).then(newChild()),
                                percent(25.0).then(link()),
                                percent(20.0).then(lookup()),
                                percent(10.0).then(rescan()),
                                percent(5.0).then(stats())));
    }

    /** One new item bag scanned in per virtual user: the unit of the open-model capacity search. */
    ScenarioBuilder singleScans(String name) {
        return scenario(name)
                .exec(session -> session.set("token", parameters.token(session.userId())))
                .exec(session -> session.set("child", code("C")))
                .exec(scan(SCAN, "child", null));
    }
}
