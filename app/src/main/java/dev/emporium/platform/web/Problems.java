package dev.emporium.platform.web;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.modulith.NamedInterface;

/** Builds the RFC 9457 bodies every error response uses: type, title, status, detail, and errors. */
@NamedInterface("web")
public final class Problems {

    private static final String TYPE_BASE = "https://emporium.dev/problems/";

    private Problems() {}

    public static ProblemDetail of(
            HttpStatusCode status, String title, @Nullable String detail, Map<String, String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(TYPE_BASE + status.value()));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
