package dev.emporium.load.report;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Gatling's {@code simulation.log}. Since 3.13 it is binary, undocumented and version-specific
 * (Gatling itself no longer writes stats.json), so this reader decodes the format of the Gatling version
 * this module is built with, 3.15, as written by {@code io.gatling.core.stats.writer.LogFileDataWriter}:
 *
 * <pre>
 * file     := run record*                       big-endian, as java.nio.ByteBuffer writes it
 * run      := 0x00 string(version) string(simulationClass) long(startEpochMs) string(description)
 *             int(n) string{n}(scenarios) int(m) (int(len) byte{len}){m}(assertions)
 * user     := 0x02 int(scenario) bool(start) int(time)
 * request  := 0x01 int(g) cached{g}(groups) cached(name) int(start) int(end) bool(ok) cached(message)
 * group    := 0x03 int(g) cached{g}(groups) int(start) int(end) int(cumulatedResponseTime) bool(ok)
 * error    := 0x04 cached(message) int(time)
 * string   := int(0) | int(len) byte{len} byte(coder)      coder 0 = Latin-1, 1 = UTF-16 (JVM internal)
 * cached   := int(-index) | int(index) string              a new string takes the next index, from 1
 * </pre>
 * Times in records are milliseconds since the run start. A truncated last record (a crashed run) is
 * ignored. Upgrading Gatling means checking this grammar again; {@link #read} refuses other major lines.
 */
public final class SimulationLogReader {

    private static final int RUN = 0;
    private static final int REQUEST = 1;
    private static final int USER = 2;
    private static final int GROUP = 3;
    private static final int ERROR = 4;

    private final Map<Integer, String> cache = new HashMap<>();

    public static SimulationRun read(Path simulationLog) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(simulationLog), 1 << 16)) {
            return new SimulationLogReader().read(new DataInputStream(in));
        }
    }

    SimulationRun read(DataInputStream in) throws IOException {
        if (in.readUnsignedByte() != RUN) {
            throw new IOException("not a Gatling 3.13+ binary simulation.log (no run record first)");
        }
        String version = string(in);
        if (!version.startsWith("3.13") && !version.startsWith("3.14") && !version.startsWith("3.15")) {
            throw new IOException("simulation.log written by Gatling " + version + "; this reader knows 3.13-3.15");
        }
        String simulationClass = string(in);
        long runStart = in.readLong();
        string(in);
        int scenarios = in.readInt();
        for (int i = 0; i < scenarios; i++) {
            string(in);
        }
        int assertions = in.readInt();
        for (int i = 0; i < assertions; i++) {
            in.skipNBytes(in.readInt());
        }
        List<RequestSample> requests = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            int header;
            while ((header = in.read()) != -1) {
                switch (header) {
                    case REQUEST -> requests.add(request(in));
                    case USER -> in.skipNBytes(4 + 1 + 4);
                    case GROUP -> {
                        groups(in);
                        in.skipNBytes(4 + 4 + 4 + 1);
                    }
                    case ERROR -> {
                        errors.add(cached(in));
                        in.readInt();
                    }
                    default -> throw new IOException("unknown record type " + header + " in simulation.log");
                }
            }
        } catch (EOFException truncated) {
            // the run was cut short while writing its last record: keep every complete one
        }
        return new SimulationRun(version, simulationClass, runStart, List.copyOf(requests), List.copyOf(errors));
    }

    private RequestSample request(DataInputStream in) throws IOException {
        List<String> groups = groups(in);
        String name = cached(in);
        int start = in.readInt();
        int end = in.readInt();
        boolean ok = in.readBoolean();
        String message = cached(in);
        String fullName = groups.isEmpty() ? name : String.join(" / ", groups) + " / " + name;
        return new RequestSample(fullName, start, end, ok, message);
    }

    private List<String> groups(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<String> groups = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            groups.add(cached(in));
        }
        return groups;
    }

    private String cached(DataInputStream in) throws IOException {
        int index = in.readInt();
        if (index < 0) {
            String known = cache.get(-index);
            if (known == null) {
                throw new IOException("simulation.log refers to unknown string #" + -index);
            }
            return known;
        }
        String value = string(in);
        cache.put(index, value);
        return value;
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return "";
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        int coder = in.readUnsignedByte();
        return new String(bytes, coder == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
    }
}
