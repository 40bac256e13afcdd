package dev.bitflow.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitflow.engine.io.BffReader;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.io.BfmContents;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.nio.file.Path;

/**
 * The model file readers on any bytes: trained models ({@code .bfm}), checkpoints (a {@code .bfm} with optimiser
 * state and progress properties; seeded with one) and fused models ({@code .bff}).
 */
class ModelFileFuzzTest {
    @FuzzTest(maxDuration = "4s")
    void bfm(byte[] input) {
        Path file = ReaderContract.scratch("fuzz.bfm", input);
        ReaderContract.check(input, ReaderContract.DEFLATED, () -> BfmReader.read(file));
    }

    @FuzzTest(maxDuration = "4s")
    void checkpoint(byte[] input) {
        Path file = ReaderContract.scratch("fuzz.ckpt.bfm", input);
        ReaderContract.check(input, ReaderContract.DEFLATED, () -> {
            BfmContents c = BfmReader.read(file);
            c.isCheckpoint();
            c.extras().values().forEach(t -> t.data());
        });
    }

    @FuzzTest(maxDuration = "4s")
    void bff(byte[] input) {
        Path file = ReaderContract.scratch("fuzz.bff", input);
        ReaderContract.check(input, ReaderContract.DEFLATED, () -> {
            BffReader.Loaded loaded = new BffReader(new DefaultDefinitionService()).read(file);
            // what it accepts also runs: one all-zero image through the fused network
            loaded.network().logits(new float[(int) loaded.network().definition().input().size()],
                    FusedKernels.singleThreaded());
        });
    }
}
