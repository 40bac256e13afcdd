package dev.bitflow.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitflow.engine.spi.idx.IdxReader;

/**
 * The IDX reader (MNIST-style data files, raw or gzipped) on any bytes, as images and as labels.
 *
 * <p>Image-file data sets (PNG/JPEG folders) get their own target here when their reader lands: the same
 * {@link ReaderContract#check} with {@link ReaderContract#DEFLATED} per byte, one method per format, and a
 * surefire execution {@code fuzz-<format>} in {@code engine/pom.xml}.
 */
class IdxFuzzTest {
    @FuzzTest(maxDuration = "4s")
    void idx(byte[] input) {
        ReaderContract.check(input, ReaderContract.DEFLATED, () -> IdxReader.parseImages("fuzz-images", input));
        ReaderContract.check(input, ReaderContract.DEFLATED, () -> IdxReader.parseLabels("fuzz-labels", input));
    }
}
