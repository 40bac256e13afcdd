package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bitflow.engine.analysis.DefaultLedgerService;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.fuse.RandomNetworks;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The .bff file of a sample BCNN is within 2% of the ledger's fused size (what the file really costs). */
class BffSizeMatchesLedgerTest {
    private final DefaultDefinitionService definitions = new DefaultDefinitionService();

    @ParameterizedTest
    @ValueSource(strings = {"fashion-bcnn", "fashion-bcnn-2class"})
    void fusedFileSizeIsWithinTwoPercentOfTheLedger(String sample) {
        NetworkDefinition def = definitions.sample(sample);
        TrainedNetwork net = RandomNetworks.randomize(def, 7);
        byte[] file = new BffWriter(definitions).toBytes(new FusionPipeline().run(net, TaskMonitor.NONE), null);
        long ledger = new DefaultLedgerService().ledger(def, true).totals().fusedBytes();
        assertThat((double) file.length / ledger).as("file %d bytes, ledger %d bytes", file.length, ledger)
                .isCloseTo(1.0, within(0.02));
    }
}
