package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.fuse.RandomNetworks;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fused network written as .bff and read back runs identically; damaged files are refused. */
class BffRoundTripTest {
    @TempDir
    Path dir;

    private final DefaultDefinitionService definitions = new DefaultDefinitionService();

    @Test
    void writtenAndReadBackGivesBitIdenticalScores() throws Exception {
        for (NetworkDefinition def : new NetworkDefinition[] {RandomNetworks.convNet(PaddingMode.ZERO),
                RandomNetworks.mlp()}) {
            TrainedNetwork net = RandomNetworks.randomize(def, 11);
            FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
            Path file = dir.resolve(def.name() + ".bff");
            new BffWriter(definitions).write(fused, "random.bfm", file);
            BffReader.Loaded loaded = new BffReader(definitions).read(file);
            LabeledData data = RandomNetworks.randomData(def.input(), 20, 10, 3);
            int size = (int) def.input().size();
            FusedKernels k = FusedKernels.singleThreaded();
            for (int e = 0; e < data.count(); e++) {
                float[] x = data.example(e);
                assertThat(loaded.network().logits(x, k)).containsExactly(fused.network().logits(x, k));
            }
            for (int i = 0; i < fused.state().blocks().size(); i++) {
                BatchShift a = fused.state().shift(i);
                if (a != null) {
                    BatchShift b = loaded.state().shift(i);
                    assertThat(b.shift()).containsExactly(a.shift());
                    assertThat(b.flipped()).containsExactly(a.flipped());
                    assertThat(b.constant()).containsExactly(a.constant());
                }
            }
        }
    }

    @Test
    void aFlippedByteIsRefusedWithTheFileName() throws Exception {
        TrainedNetwork net = RandomNetworks.randomize(RandomNetworks.mlp(), 2);
        byte[] bytes = new BffWriter(definitions).toBytes(new FusionPipeline().run(net, TaskMonitor.NONE), null);
        int damaged = 0;
        for (int pos = bytes.length / 3; pos < bytes.length; pos += bytes.length / 7) {
            byte[] copy = bytes.clone();
            copy[pos] ^= 0x10;
            Path file = dir.resolve("damaged" + pos + ".bff");
            Files.write(file, copy);
            assertThatThrownBy(() -> new BffReader(definitions).read(file))
                    .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString());
            damaged++;
        }
        assertThat(damaged).isGreaterThan(3);
    }

    @Test
    void aTrainedModelFileIsNotAFusedModel() throws Exception {
        Path file = dir.resolve("empty.bff");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> new BffReader(definitions).read(file)).isInstanceOf(BadInputException.class);
    }
}
