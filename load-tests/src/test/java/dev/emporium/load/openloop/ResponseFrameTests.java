package dev.emporium.load.openloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseFrameTests {

    private static ResponseFrame frame(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        return ResponseFrame.find(bytes, bytes.length);
    }

    @Test
    void aContentLengthBodyEndsAfterThatManyBytes() {
        String response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        assertThat(frame(response)).isEqualTo(new ResponseFrame(200, response.length(), false));
        assertThat(frame(response.substring(0, response.length() - 1))).isNull();
        assertThat(frame("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")).isNull();
    }

    @Test
    void aChunkedBodyEndsAfterTheLastChunkWhereverTheReadsSplitIt() {
        String response = "HTTP/1.1 503 Service Unavailable\r\ntransfer-encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\nA;ext=1\r\n0123456789\r\n0\r\n\r\n";
        assertThat(frame(response)).isEqualTo(new ResponseFrame(503, response.length(), true));
        for (int cut = 1; cut < response.length(); cut++) {
            assertThat(frame(response.substring(0, cut)))
                    .as("first %d bytes", cut)
                    .isNull();
        }
    }

    @Test
    void onlyTheFirstResponseIsFramedAndEmptyStatusesHaveNoBody() {
        String first = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
        assertThat(frame(first + "HTTP/1.1 200 OK\r\n")).isEqualTo(new ResponseFrame(204, first.length(), false));
        assertThat(frame("HTTP/1.0 304 Not Modified\r\n\r\n").closes()).isTrue();
    }

    @Test
    void bytesThatAreNotAFramableResponseAreRejected() {
        assertThatThrownBy(() -> frame("SSH-2.0-OpenSSH_9.2\r\n\r\n"))
                .isInstanceOf(ResponseFrame.MalformedResponse.class);
        assertThatThrownBy(() -> frame("HTTP/1.1 200 OK\r\nX: y\r\n\r\nbody until close"))
                .isInstanceOf(ResponseFrame.MalformedResponse.class);
        assertThatThrownBy(() -> frame("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"))
                .isInstanceOf(ResponseFrame.MalformedResponse.class);
    }
}
