package dev.emporium.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small parsers: Prometheus text, psql CSV, Redis INFO. */
class ParsingTests {

    @Test
    void prometheusSamplesKeepLabelsIncludingEscapes() {
        PrometheusScrape scrape = PrometheusScrape.parse("""
                # HELP hikaricp_connections_active Active connections
                # TYPE hikaricp_connections_active gauge
                hikaricp_connections_active{pool="emporium"} 3.0
                http_server_requests_seconds_bucket{le="+Inf",uri="/a,b",note="say \\"hi\\""} 12
                jvm_gc_pause_seconds_max 0.25
                """);

        assertThat(scrape.sum("hikaricp_connections_active")).hasValue(3.0);
        PrometheusScrape.Sample bucket =
                scrape.named("http_server_requests_seconds_bucket").getFirst();
        assertThat(bucket.labels())
                .containsEntry("le", "+Inf")
                .containsEntry("uri", "/a,b")
                .containsEntry("note", "say \"hi\"");
        assertThat(bucket.value()).isEqualTo(12);
        assertThat(scrape.sum("jvm_gc_pause_seconds_max")).hasValue(0.25);
        assertThat(scrape.sum("absent")).isEmpty();
    }

    @Test
    void cacheRatiosAreCountedFromTheDifferenceBetweenScrapes() {
        PrometheusScrape before = PrometheusScrape.parse("""
                emporium_cache_requests_total{cache="product",tier="L1",result="hit"} 100
                emporium_cache_requests_total{cache="product",tier="L1",result="miss"} 50
                """);
        PrometheusScrape after = PrometheusScrape.parse("""
                emporium_cache_requests_total{cache="product",tier="L1",result="hit"} 190
                emporium_cache_requests_total{cache="product",tier="L1",result="miss"} 60
                emporium_cache_requests_total{cache="category",tier="L1",result="hit"} 5
                emporium_cache_evictions_total{cache="product",tier="L1"} 7
                """);

        List<ServerMetrics.CacheRatio> caches = ServerMetrics.caches(before, after);

        assertThat(caches)
                .containsExactly(
                        new ServerMetrics.CacheRatio("category", "L1", 5, 0),
                        new ServerMetrics.CacheRatio("product", "L1", 90, 10));
        assertThat(caches.get(1).ratio()).isEqualTo(0.9);
    }

    @Test
    void csvHandlesQuotedCommasQuotesAndNewlines() {
        List<Map<String, String>> rows =
                Csv.parse("queryid,calls,query\n1,5,\"select a, b\nfrom \"\"t\"\"\"\n2,1,select 1\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("query", "select a, b\nfrom \"t\"")
                .containsEntry("calls", "5");
        assertThat(rows.get(1)).containsEntry("query", "select 1");
    }

    @Test
    void tableAndStatementActivityIsTheDifferenceBetweenSnapshots() {
        List<PostgresStats.TableActivity> tables = PostgresStats.tables(
                Csv.parse("relname,seq_scan,seq_tup_read,idx_scan,n_live_tup\nproducts,2,20,100,1000\n"),
                Csv.parse(
                        "relname,seq_scan,seq_tup_read,idx_scan,n_live_tup\nproducts,5,50,400,1000\nusers,1,3,0,3\n"));
        List<PostgresStats.StatementActivity> statements = PostgresStats.statements(
                Csv.parse("queryid,calls,total_exec_time,rows,query\n7,10,5.0,10,select 1\n"),
                Csv.parse("queryid,calls,total_exec_time,rows,query\n7,30,25.0,30,select 1\n8,0,0,0,idle\n"));

        assertThat(tables)
                .containsExactly(
                        new PostgresStats.TableActivity("products", 3, 30, 300, 1000),
                        new PostgresStats.TableActivity("users", 1, 3, 0, 3));
        assertThat(statements).containsExactly(new PostgresStats.StatementActivity("select 1", 20, 20.0, 20));
        assertThat(statements.getFirst().meanMillis()).isEqualTo(1.0);
    }

    @Test
    void redisInfoGivesHitsAndMissesDuringTheRun() {
        RedisStats stats = RedisStats.of(
                RedisStats.parse(
                        "# Stats\r\nkeyspace_hits:10\r\nkeyspace_misses:5\r\ntotal_commands_processed:100\r\n"),
                RedisStats.parse(
                        "# Stats\r\nkeyspace_hits:100\r\nkeyspace_misses:15\r\ntotal_commands_processed:300\r\nused_memory_human:1.5M\r\nconnected_clients:4\r\n"));

        assertThat(stats).isEqualTo(new RedisStats(90, 10, 200, "1.5M", 4));
        assertThat(stats.hitRatio()).isEqualTo(0.9);
    }
}
