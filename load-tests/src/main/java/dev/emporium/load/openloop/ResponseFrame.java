package dev.emporium.load.openloop;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where one HTTP/1.1 response ends in the bytes read so far, and what the generator needs of it: the
 * status and whether the server will close the connection. Bodies are framed by {@code Content-Length}
 * or chunked transfer coding; a response with neither (and not 1xx/204/304) is rejected, because the
 * generator keeps connections alive and could not tell where the next response starts.
 *
 * @param length bytes of the whole response, head and body
 */
record ResponseFrame(int status, int length, boolean closes) {

    private static final int MAX_HEAD = 64 * 1024;

    /** The first complete response in {@code data[0, size)}, or null while more bytes are needed. */
    static @Nullable ResponseFrame find(byte[] data, int size) {
        int headEnd = indexOf(data, 0, size, "\r\n\r\n");
        if (headEnd < 0) {
            if (size > MAX_HEAD) {
                throw new MalformedResponse("no end of head within " + MAX_HEAD + " bytes");
            }
            return null;
        }
        String head = new String(data, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = status(lines[0]);
        long contentLength = -1;
        boolean chunked = false;
        boolean closes = lines[0].startsWith("HTTP/1.0");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponse("header line without a name: " + lines[i]);
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> closes = value.contains("close") || (closes && !value.contains("keep-alive"));
                default -> {}
            }
        }
        int bodyStart = headEnd + 4;
        if (status / 100 == 1 || status == 204 || status == 304) {
            return new ResponseFrame(status, bodyStart, closes);
        }
        if (chunked) {
            int end = chunkedEnd(data, bodyStart, size);
            return end < 0 ? null : new ResponseFrame(status, end, closes);
        }
        if (contentLength < 0) {
            throw new MalformedResponse("status " + status + " without Content-Length or chunked body");
        }
        long end = bodyStart + contentLength;
        return end <= size ? new ResponseFrame(status, (int) end, closes) : null;
    }

    /** The end of a chunked body starting at {@code from}, or -1 when not all of it is there yet. */
    private static int chunkedEnd(byte[] data, int from, int size) {
        int at = from;
        while (true) {
            int lineEnd = indexOf(data, at, size, "\r\n");
            if (lineEnd < 0) {
                return -1;
            }
            String sizeField = new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeField.indexOf(';');
            int chunk = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
            at = lineEnd + 2;
            if (chunk == 0) {
                // no trailers are expected: the body ends with an empty line; skip any trailer lines there are
                while (true) {
                    int trailerEnd = indexOf(data, at, size, "\r\n");
                    if (trailerEnd < 0) {
                        return -1;
                    }
                    if (trailerEnd == at) {
                        return at + 2;
                    }
                    at = trailerEnd + 2;
                }
            }
            if (at + chunk + 2 > size) {
                return -1;
            }
            at += chunk + 2;
        }
    }

    private static int status(String statusLine) {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new MalformedResponse("not an HTTP/1.x status line: " + statusLine);
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new MalformedResponse("no status code in: " + statusLine);
        }
    }

    private static int indexOf(byte[] data, int from, int size, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= size - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Bytes that are not an HTTP/1.1 response this generator can frame. */
    static final class MalformedResponse extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedResponse(String message) {
            super(message);
        }
    }
}
