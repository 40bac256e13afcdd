package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The exact threshold search: right for any guess, in a bounded number of exact tests; floats keep their order. */
class MonotoneSearchTest {
    @Property(tries = 2000)
    void findsTheFirstTrueFromAnyGuessInFewTests(@ForAll @LongRange(min = -40000, max = 40000) long threshold,
                                                 @ForAll @LongRange(min = -5_000_000_000L, max = 5_000_000_000L) long guess) {
        AtomicInteger tests = new AtomicInteger();
        long found = MonotoneSearch.firstTrue(-32766, 32766, guess, t -> {
            tests.incrementAndGet();
            return t >= threshold;
        });
        assertThat(found).isEqualTo(Math.max(-32766, Math.min(32767, threshold)));
        assertThat(tests.get()).isLessThanOrEqualTo(2 + 17);
    }

    @Property(tries = 2000)
    void findsAFloatThresholdOverTheWholeRange(@ForAll float threshold, @ForAll float guess) {
        if (!Float.isFinite(threshold) || !Float.isFinite(guess)) {
            return;
        }
        long lo = MonotoneSearch.key(-Float.MAX_VALUE);
        long hi = MonotoneSearch.key(Float.MAX_VALUE);
        AtomicInteger tests = new AtomicInteger();
        long found = MonotoneSearch.firstTrue(lo, hi, MonotoneSearch.key(guess), k -> {
            tests.incrementAndGet();
            return MonotoneSearch.fromKey(k) >= threshold;
        });
        float f = MonotoneSearch.fromKey(found);
        assertThat(f >= threshold).isTrue();
        assertThat(found == lo || MonotoneSearch.fromKey(found - 1) < threshold).isTrue();
        assertThat(tests.get()).isLessThanOrEqualTo(2 + 33);
    }

    @Property(tries = 2000)
    void keysOrderFloatsAsTheirValues(@ForAll float a, @ForAll float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return;
        }
        assertThat(MonotoneSearch.fromKey(MonotoneSearch.key(a))).isEqualTo(a);
        if (a < b) {
            assertThat(MonotoneSearch.key(a)).isLessThan(MonotoneSearch.key(b));
        }
    }
}
