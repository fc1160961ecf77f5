package dev.emporium.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What bounds a cache's memory and a request's wait, on one node without Redis. */
class TieredCacheBoundsTests {

    static final ValueCodec<byte[]> BYTES = new ValueCodec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }

        @Override
        public long weigh(byte[] value) {
            return value.length;
        }
    };

    final TieredCaches node = new TieredCaches(
            new CacheProperties(
                    "",
                    Duration.ofMillis(200),
                    Duration.ofSeconds(1),
                    "bounds",
                    1024,
                    Duration.ofMillis(100),
                    new CacheProperties.Warm(false, Duration.ZERO),
                    Map.of(
                            "pages",
                            new CacheProperties.Spec(
                                    Duration.ofMinutes(1), Duration.ofMinutes(1), DataSize.ofMegabytes(1)))),
            new SimpleMeterRegistry());

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void l1IsBoundedByTheBytesItHoldsNotByTheNumberOfEntries() {
        TieredCache<byte[]> pages = node.cache("pages", BYTES);
        for (int i = 0; i < 2_000; i++) {
            pages.get("all", "page-" + i, () -> new byte[10_000]);
        }
        assertThat(pages.localWeight())
                .isLessThanOrEqualTo(DataSize.ofMegabytes(1).toBytes());
        assertThat(pages.localSize()).isLessThan(200);
    }

    @Test
    void aFollowerOfAHungLoadGivesUpWaitingAndLoadsForItself() throws Exception {
        TieredCache<byte[]> pages = node.cache("pages", BYTES);
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch leading = new CountDownLatch(1);
        Thread leader = Thread.ofVirtual()
                .start(() -> pages.get("all", "hot", () -> {
                    leading.countDown();
                    hung.await();
                    return new byte[1];
                }));
        assertThat(leading.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicReference<TieredCache.Lookup<byte[]>> followed = new AtomicReference<>();
        Thread follower = Thread.ofVirtual().start(() -> followed.set(pages.get("all", "hot", () -> new byte[2])));
        follower.join(Duration.ofSeconds(10));
        try {
            assertThat(followed.get())
                    .as("the follower came back while the leader still hangs")
                    .isNotNull();
            assertThat(followed.get().value()).hasSize(2);
            assertThat(followed.get().source()).isEqualTo(TieredCache.Source.LOADED);
            assertThat(pages.metrics.followerTimeouts.count()).isEqualTo(1.0);
        } finally {
            hung.countDown();
            leader.join();
        }
    }
}
