package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded example cache: its budget, least-recently-used eviction, read-ahead and errors. */
class ExampleCacheTest {
    @Test
    void holdsAtMostItsBudgetDroppingTheLeastRecentlyUsed() {
        ExampleCache cache = new ExampleCache(1000, 16);
        AtomicInteger loads = new AtomicInteger();
        for (long k = 0; k < 50; k++) {
            cache.get(k, () -> {
                loads.incrementAndGet();
                return new byte[100];
            });
            assertThat(cache.bytes()).isLessThanOrEqualTo(1000);
        }
        assertThat(loads).hasValue(50);
        assertThat(cache.bytes()).isEqualTo(1000);
        // keys 40..49 are held; touching 40 makes 41 the eldest
        cache.get(40, () -> new byte[100]);
        cache.get(50, () -> new byte[100]);
        assertThat(cache.isPresent(40)).isTrue();
        assertThat(cache.isPresent(41)).isFalse();
        assertThat(cache.isPresent(42)).isTrue();
        assertThat(loads).hasValue(50);
        // an entry larger than the budget is returned but not kept
        assertThat(cache.get(99, () -> new byte[2000])).hasSize(2000);
        assertThat(cache.isPresent(99)).isFalse();
    }

    @Test
    void readAheadLoadsInTheBackgroundAndACallerWaitsForItInsteadOfReadingTwice() throws Exception {
        ExampleCache cache = new ExampleCache(1 << 20, 16);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        cache.prefetch(7, () -> {
            loads.incrementAndGet();
            assertThat(Thread.currentThread().getName()).isEqualTo("bitflow-data-read-ahead");
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new byte[] {7};
        });
        assertThat(cache.isPresent(7)).isTrue(); // loading counts as present: no second read-ahead
        release.countDown();
        byte[] got = cache.get(7, () -> {
            loads.incrementAndGet();
            return new byte[] {-1};
        });
        assertThat(got).containsExactly(7);
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedReadAheadIsRetriedByTheCallerWhoGetsTheError() {
        ExampleCache cache = new ExampleCache(1 << 20, 16);
        cache.prefetch(3, () -> {
            throw new IOException("disk on fire");
        });
        assertThatThrownBy(() -> cache.get(3, () -> {
            throw new IOException("img3.png: truncated");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("img3.png: truncated");
        assertThat(cache.get(3, () -> new byte[] {3})).containsExactly(3);
    }

    @Test
    void readAheadWindowFitsInAQuarterOfTheBudget() {
        ExampleCache cache = new ExampleCache(4 << 20, 1024);
        assertThat(cache.readAheadExamples(784)).isEqualTo(1024);
        assertThat(cache.readAheadExamples(227 * 227 * 3)).isEqualTo(8); // 6 fit; never fewer than 8
    }
}
