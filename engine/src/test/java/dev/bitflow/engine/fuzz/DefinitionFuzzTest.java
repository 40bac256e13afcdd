package dev.bitflow.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.nio.file.Path;

/** The definition reader ({@code *.bitflow.json}) on any bytes, then the design checks and the ledger of what it accepts. */
class DefinitionFuzzTest {
    private final DefaultDefinitionService definitions = new DefaultDefinitionService();

    @FuzzTest(maxDuration = "4s")
    void definition(byte[] input) {
        Path file = ReaderContract.scratch("fuzz.bitflow.json", input);
        ReaderContract.check(input, ReaderContract.PLAIN, () -> {
            var d = definitions.load(file);
            var report = definitions.check(d);
            if (!report.hasErrors()) {
                dev.bitflow.engine.analysis.LedgerBuilder.build(d, true);
                dev.bitflow.engine.train.TrainingMemory.estimate(d);
            }
        });
    }
}
