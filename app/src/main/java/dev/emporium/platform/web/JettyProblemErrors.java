package dev.emporium.platform.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages as problem+json. Some requests never reach the servlet: a path with a bad
 * percent-encoding, a URL longer than the header buffer (414), headers too large (431), a request
 * line Jetty cannot parse. Jetty answers those itself, by default with an HTML page; this handler
 * makes them look like every other error of the API. No body of the request is echoed back.
 */
final class JettyProblemErrors extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    static byte[] body(int status) {
        String title = HttpStatus.getMessage(status);
        String detail = status == 400
                ? "The request could not be parsed (for example a bad percent-encoding in the path)"
                : title;
        return ("{\"type\":\"https://emporium.dev/problems/" + status + "\",\"title\":\"" + title + "\",\"status\":"
                        + status + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
