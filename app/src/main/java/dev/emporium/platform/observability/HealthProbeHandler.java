package dev.emporium.platform.observability;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Answers anonymous {@code GET /actuator/health}, {@code /liveness} and {@code /readiness} from
 * {@link HealthSnapshots} inside Jetty, before the servlet layer: no filter, no security chain, no
 * MVC, no JSON work, so a probe is the cheapest request the server has, as probes should be.
 *
 * <p>Requests with credentials (an ADMIN may see details), with a query string, or of any other
 * method go to the actuator endpoint as usual. The content type follows the endpoint's rule: the
 * actuator v3 type unless the client accepts plain {@code application/json} only. Probe requests
 * answered here do not appear in {@code http.server.requests}, which also keeps probe traffic out of
 * the API's latency figures.
 */
final class HealthProbeHandler extends Handler.Wrapper {

    private static final String BASE = "/actuator/health";
    private static final HttpField ACTUATOR_V3 =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/vnd.spring-boot.actuator.v3+json");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");

    private final HealthSnapshots snapshots;

    HealthProbeHandler(HealthSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HealthSnapshots.Snapshot snapshot = snapshotFor(request);
        if (snapshot == null) {
            return super.handle(request, response, callback);
        }
        response.setStatus(snapshot.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(contentType(request.getHeaders().get(HttpHeader.ACCEPT)));
        headers.put(NO_STORE);
        headers.put(NOSNIFF);
        headers.put(HttpHeader.CONTENT_LENGTH, snapshot.body().length);
        response.write(true, ByteBuffer.wrap(snapshot.body()), callback);
        return true;
    }

    private HealthSnapshots.@Nullable Snapshot snapshotFor(Request request) {
        String path = request.getHttpURI().getPath();
        if (path == null
                || !path.startsWith(BASE)
                || !"GET".equals(request.getMethod())
                || request.getHttpURI().getQuery() != null) {
            return null;
        }
        HttpFields headers = request.getHeaders();
        if (headers.contains(HttpHeader.AUTHORIZATION) || headers.contains(HttpHeader.COOKIE)) {
            return null;
        }
        return snapshots.get(path.substring(BASE.length()));
    }

    private static HttpField contentType(String accept) {
        if (accept == null
                || accept.contains("*/*")
                || accept.contains("actuator")
                || !accept.contains("application/json")) {
            return ACTUATOR_V3;
        }
        return JSON;
    }
}
