package dev.emporium.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writes logs in Gatling 3.15's binary grammar (see {@link SimulationLogReader}) and reads them back. */
class SimulationLogReaderTests {

    /** A minimal writer of the grammar, mirroring Gatling's LogFileDataWriter. */
    private static final class LogWriter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        final Map<String, Integer> cache = new HashMap<>();

        LogWriter run(String version, long start) throws IOException {
            out.writeByte(0);
            string(version);
            string("dev.emporium.load.simulation.MixedWorkloadSimulation");
            out.writeLong(start);
            string("");
            out.writeInt(1);
            string("mixed");
            out.writeInt(1);
            out.writeInt(3);
            out.write(new byte[] {1, 2, 3});
            return this;
        }

        LogWriter user(boolean start, int time) throws IOException {
            out.writeByte(2);
            out.writeInt(0);
            out.writeBoolean(start);
            out.writeInt(time);
            return this;
        }

        LogWriter request(List<String> groups, String name, int start, int end, boolean ok, String message)
                throws IOException {
            out.writeByte(1);
            out.writeInt(groups.size());
            for (String group : groups) {
                cached(group);
            }
            cached(name);
            out.writeInt(start);
            out.writeInt(end);
            out.writeBoolean(ok);
            cached(message);
            return this;
        }

        LogWriter group(String name) throws IOException {
            out.writeByte(3);
            out.writeInt(1);
            cached(name);
            out.writeInt(1);
            out.writeInt(2);
            out.writeInt(1);
            out.writeBoolean(true);
            return this;
        }

        LogWriter error(String message, int time) throws IOException {
            out.writeByte(4);
            cached(message);
            out.writeInt(time);
            return this;
        }

        void cached(String value) throws IOException {
            Integer index = cache.get(value);
            if (index != null) {
                out.writeInt(-index);
            } else {
                int next = cache.size() + 1;
                out.writeInt(next);
                string(value);
                cache.put(value, next);
            }
        }

        void string(String value) throws IOException {
            if (value.isEmpty()) {
                out.writeInt(0);
                return;
            }
            boolean latin1 = value.chars().allMatch(c -> c < 256);
            byte[] encoded = value.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
            out.writeInt(encoded.length);
            out.write(encoded);
            out.writeByte(latin1 ? 0 : 1);
        }

        SimulationRun read() throws IOException {
            return new SimulationLogReader().read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        }
    }

    @Test
    void readsRequestsWithCachedNamesGroupsAndFailures() throws IOException {
        LogWriter log = new LogWriter()
                .run("3.15.1", 1_700_000_000_000L)
                .user(true, 5)
                .request(List.of(), "GET /products/{id}", 10, 22, true, "")
                .request(List.of(), "GET /products/{id}", 30, 35, false, "status.find.is(200), found 503")
                .group("checkout")
                .request(List.of("checkout"), "POST /orders", 40, 90, true, "")
                .request(List.of(), "GET /products/{id}", 100, 101, false, "status.find.is(200), found 503")
                .error("Failed to build request", 120)
                .user(false, 130);

        SimulationRun run = log.read();

        assertThat(run.gatlingVersion()).isEqualTo("3.15.1");
        assertThat(run.simulationClass()).endsWith("MixedWorkloadSimulation");
        assertThat(run.runStart()).isEqualTo(1_700_000_000_000L);
        assertThat(run.requests())
                .containsExactly(
                        new RequestSample("GET /products/{id}", 10, 22, true, ""),
                        new RequestSample("GET /products/{id}", 30, 35, false, "status.find.is(200), found 503"),
                        new RequestSample("checkout / POST /orders", 40, 90, true, ""),
                        new RequestSample("GET /products/{id}", 100, 101, false, "status.find.is(200), found 503"));
        assertThat(run.errors()).containsExactly("Failed to build request");
    }

    @Test
    void decodesUtf16Strings() throws IOException {
        SimulationRun run = new LogWriter()
                .run("3.15.1", 0)
                .request(List.of(), "GET /produits/é€", 1, 2, true, "")
                .read();

        assertThat(run.requests().getFirst().name()).isEqualTo("GET /produits/é€");
    }

    @Test
    void keepsEveryCompleteRecordOfATruncatedLog() throws IOException {
        LogWriter log = new LogWriter()
                .run("3.15.1", 0)
                .request(List.of(), "GET /a", 1, 2, true, "")
                .request(List.of(), "GET /b", 3, 9, true, "");
        byte[] whole = log.bytes.toByteArray();
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);

        SimulationRun run = new SimulationLogReader().read(new DataInputStream(new ByteArrayInputStream(cut)));

        assertThat(run.requests()).extracting(RequestSample::name).containsExactly("GET /a");
    }

    @Test
    void refusesLogsOfGatlingVersionsItDoesNotKnow() throws IOException {
        LogWriter log = new LogWriter().run("3.11.5", 0);

        assertThatThrownBy(log::read).isInstanceOf(IOException.class).hasMessageContaining("3.11.5");
    }

    @Test
    void refusesTextLogs() {
        byte[] text = "RUN\tsim\t...".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> new SimulationLogReader().read(new DataInputStream(new ByteArrayInputStream(text))))
                .isInstanceOf(IOException.class);
    }
}
