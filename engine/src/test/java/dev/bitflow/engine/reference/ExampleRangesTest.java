package dev.bitflow.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleRangesTest {
    @Test
    void rangesCoverTheExamplesInOrderWhateverTheThreads() {
        for (int threads = 1; threads <= 4; threads++) {
            List<String> parts = ExampleRanges.run(10, threads, (from, to) -> from + "-" + to);
            assertThat(parts).hasSize(threads);
            assertThat(parts.get(0)).startsWith("0-");
            assertThat(parts.get(threads - 1)).endsWith("-10");
        }
    }

    @Test
    void workThatKeepsItsResultsElsewhereMayReturnNullOnOneThreadToo() {
        // Evaluation writes into arrays and returns null; a small test set runs on one thread
        assertThat(ExampleRanges.run(10, 1, (from, to) -> null)).containsExactly((Object) null);
        assertThat(ExampleRanges.run(10, 2, (from, to) -> null)).containsExactly(null, null);
    }
}
