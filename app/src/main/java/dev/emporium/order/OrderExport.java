package dev.emporium.order;

import dev.emporium.platform.db.QueryClass;
import dev.emporium.platform.db.StatementTimeouts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams every order of a range as CSV or NDJSON in constant memory, whatever the range.
 *
 * <p>Why it stays constant: the rows come through a database cursor (a read-only transaction with a
 * fetch size, {@code emporium.orders.export-fetch-size} rows per round trip), each row is written and
 * forgotten, and the writer is flushed every fetch, so the response goes out in chunks while the
 * query is still running. Nothing collects rows. The cost is a pooled connection and a snapshot held
 * for the length of the export. Its statements run in the {@link QueryClass#REPORT} class: PostgreSQL
 * times each cursor fetch separately, so the bound ({@code emporium.db.statement-timeouts.report}) caps
 * one fetch of {@code export-fetch-size} rows, never the length of a slow client's download.
 */
@Service
class OrderExport {

    enum Format {
        CSV("text/csv"),
        NDJSON("application/x-ndjson");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    static final String CSV_HEADER = "id,customerId,status,total,currency,createdAt,updatedAt,lines\n";

    private final OrderRepository orders;
    private final OrderProperties properties;
    private final TransactionTemplate readOnly;
    private final StatementTimeouts timeouts;

    OrderExport(
            OrderRepository orders,
            OrderProperties properties,
            PlatformTransactionManager transactions,
            StatementTimeouts timeouts) {
        this.orders = orders;
        this.properties = properties;
        this.timeouts = timeouts;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Writes the export to {@code out}; answers the number of orders written. */
    long write(OrderFilter filter, Format format, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long[] written = {0};
        int flushEvery = properties.exportFetchSize();
        try {
            if (format == Format.CSV) {
                writer.write(CSV_HEADER);
            }
            readOnly.executeWithoutResult(tx -> {
                timeouts.apply(QueryClass.REPORT);
                orders.export(filter, properties.exportFetchSize(), row -> {
                    try {
                        if (format == Format.CSV) {
                            csv(writer, row);
                        } else {
                            ndjson(writer, row);
                        }
                        if (++written[0] % flushEvery == 0) {
                            writer.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("the client went away during the export", e);
                    }
                });
            });
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away during the export", e);
        }
        return written[0];
    }

    private static void csv(Writer w, OrderRepository.Exported row) throws IOException {
        Order o = row.order();
        w.append(Long.toString(o.id()))
                .append(',')
                .append(Long.toString(o.customerId()))
                .append(',')
                .append(o.status().name())
                .append(',')
                .append(Long.toString(o.total()))
                .append(',')
                .append(o.currency())
                .append(',')
                .append(o.createdAt().toString())
                .append(',')
                .append(o.updatedAt().toString())
                .append(',')
                .append(row.lines())
                .append('\n');
    }

    /** Every value is a number, a fixed word or a timestamp: nothing needs JSON escaping. */
    private static void ndjson(Writer w, OrderRepository.Exported row) throws IOException {
        Order o = row.order();
        w.append("{\"id\":")
                .append(Long.toString(o.id()))
                .append(",\"customerId\":")
                .append(Long.toString(o.customerId()))
                .append(",\"status\":\"")
                .append(o.status().name())
                .append("\",\"total\":")
                .append(Long.toString(o.total()))
                .append(",\"currency\":\"")
                .append(o.currency())
                .append("\",\"createdAt\":\"")
                .append(o.createdAt().toString())
                .append("\",\"updatedAt\":\"")
                .append(o.updatedAt().toString())
                .append("\",\"items\":[");
        String lines = row.lines();
        if (!lines.isEmpty()) {
            String[] words = lines.split(" ");
            for (int i = 0; i < words.length; i++) {
                String[] parts = words[i].split(":");
                if (i > 0) {
                    w.append(',');
                }
                w.append("{\"productId\":")
                        .append(parts[0])
                        .append(",\"quantity\":")
                        .append(parts[1])
                        .append(",\"unitPrice\":")
                        .append(parts[2])
                        .append('}');
            }
        }
        w.append("]}\n");
    }
}
