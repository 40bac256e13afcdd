package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Format version 1 of {@code .bfm} stays loadable forever (decision 0032). The golden files in
 * {@code src/test/resources/golden/} were written once by {@link GoldenFileWriter} and are never regenerated;
 * this test pins their bytes, their manifest checksums, every parameter value and the provenance.
 */
class BfmGoldenTest {
    private static final String DIR = "golden/";
    /** SHA-256 of the committed files: if these change, someone regenerated a golden file. Don't. */
    private static final String MODEL_SHA256 = "23f70c3b441a7d67b4fc2d9f89aa323a0a91fd7199945e00d6b93016464e8841";
    private static final String CHECKPOINT_SHA256 = "c2a6bd649f50ee36d42b08bfc015bf69c2948b6fa254a7f62928ff9a2c8997b3";
    /** SHA-256 of one parameter entry as listed in the manifest (and computed independently with sha256sum). */
    private static final String CONV2_W_SHA256 = "d18ba6bc4fe6c4b084d413b78a7b62eae5ce649d152803825925353f9d3a1967";

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = BfmGoldenTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void goldenFilesAreUnchanged() throws IOException {
        assertThat(Sha256.hex(golden(GoldenFileWriter.MODEL))).isEqualTo(MODEL_SHA256);
        assertThat(Sha256.hex(golden(GoldenFileWriter.CHECKPOINT))).isEqualTo(CHECKPOINT_SHA256);
    }

    @Test
    void version1ModelLoadsWithItsDefinitionValuesAndProvenance() throws IOException {
        BfmContents c = BfmReader.readResource(getClass().getClassLoader(), DIR + GoldenFileWriter.MODEL);

        NetworkDefinition d = c.model().definition();
        assertThat(d.name()).isEqualTo("tiny-golden");
        assertThat(d.input()).isEqualTo(Shape.spatial(1, 6, 6));
        assertThat(d.layers()).extracting(LayerSpec::name).containsExactly("conv1", "bn1", "sign1", "pool1",
                "conv2", "bn2", "sign2", "flatten", "fc1", "bn3", "out", "softmax");
        Conv2dSpec conv2 = (Conv2dSpec) d.layers().get(4);
        assertThat(conv2.filters()).isEqualTo(8);
        assertThat(conv2.weights()).isEqualTo(Precision.BINARY);
        assertThat(conv2.scaling()).isEqualTo(ScalingFactor.MEAN_ABS);
        assertThat(conv2.padding().mode()).isEqualTo(PaddingMode.ZERO);
        assertThat(((BatchNormSpec) d.layers().get(5)).learnGamma()).isFalse();
        assertThat(((BatchNormSpec) d.layers().get(5)).epsilon()).isEqualTo(1e-3);

        ParameterSet p = c.model().parameters();
        ParameterSet expected = TinyModels.parameters();
        expected.asMap().forEach((layer, params) -> params.forEach((name, t) ->
                assertThat(p.get(layer, name)).as(layer + "/" + name).isEqualTo(t)));
        // spot values, written out so a change of the formula in TinyModels cannot hide a change of the file
        assertThat(p.get("conv1", "W").data()[0]).isEqualTo((float) Math.sin(1));
        assertThat(p.get("fc1", "W").data()[359]).isEqualTo((float) Math.sin(4 + 0.37 * 359));
        assertThat(p.get("bn2", "gamma").data()).containsOnly(1f).hasSize(8);
        assertThat(p.asMap().get("bn2")).containsOnlyKeys("beta", "mean", "var", "gamma");

        Provenance prov = c.model().provenance();
        assertThat(prov.seed()).isEqualTo(7L);
        assertThat(prov.datasetId()).isEqualTo("fashion-mnist[6,0,2]");
        assertThat(prov.datasetSha256()).isEqualTo("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
        assertThat(prov.epochs()).isEqualTo(2);
        assertThat(prov.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("testAccuracy", 0.8125, "trainLoss", 0.4375));
        assertThat(prov.jdk()).isEqualTo("17.0.13 (Eclipse Adoptium)");
        assertThat(prov.createdAt()).isEqualTo("2026-11-26T08:30:00Z");
        assertThat(prov.projectVersion()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(c.isCheckpoint()).isFalse();
        assertThat(c.properties()).isEmpty();
    }

    @Test
    void version1ManifestListsTheChecksumsOfItsEntries() throws IOException {
        ArchiveContents a = ArchiveReader.read(new java.io.ByteArrayInputStream(golden(GoldenFileWriter.MODEL)),
                "golden", BfmFormat.ACCEPTED);
        assertThat(a.version()).isEqualTo(1);
        assertThat(a.entries()).extracting(ArchiveEntry::name).startsWith("definition.json", "params/conv1/W.npy")
                .contains("params/conv2/W.npy", "params/out/b.npy").hasSize(18);
        ArchiveEntry conv2 = a.entries().stream().filter(e -> e.name().equals("params/conv2/W.npy")).findFirst()
                .orElseThrow();
        assertThat(conv2.sha256()).isEqualTo(CONV2_W_SHA256);
        assertThat(conv2.size()).isEqualTo(128 + 8 * 4 * 3 * 3 * 4);
        for (ArchiveEntry e : a.entries()) {
            assertThat(Sha256.hex(a.bytes(e.name()))).as(e.name()).isEqualTo(e.sha256());
        }
    }

    @Test
    void version1CheckpointLoadsExtrasAndProperties() throws IOException {
        BfmContents c = BfmReader.readResource(getClass().getClassLoader(), DIR + GoldenFileWriter.CHECKPOINT);
        assertThat(c.isCheckpoint()).isTrue();
        assertThat(c.extras()).containsExactlyEntriesOf(GoldenFileWriter.checkpointExtras());
        assertThat(c.properties()).containsExactlyEntriesOf(GoldenFileWriter.checkpointProperties());
        Tensor m = c.extras().get("opt/conv2/W/m");
        assertThat(m.shape()).containsExactly(8, 4, 3, 3);
        assertThat(m.data()[5]).isEqualTo((float) Math.sin(50 + 0.37 * 5));
    }

    @Test
    void todaysWriterStillWritesTheSameParameterEntries() throws IOException {
        Map<String, byte[]> golden = ZipSurgery.entries(golden(GoldenFileWriter.MODEL));
        Map<String, byte[]> now = ZipSurgery.entries(BfmWriter.toBytes(TinyModels.model(), Map.of(), Map.of()));
        golden.forEach((name, bytes) -> {
            if (name.startsWith("params/")) {
                assertThat(now.get(name)).as(name).isEqualTo(bytes);
            }
        });
        assertThat(now.keySet()).isEqualTo(golden.keySet());
    }
}
