package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which plugin reads a location ({@code --data DIR}, {@code --data ID:DIR}, mini, standard), and refusing data
 * whose classes are not the model's.
 */
class DatasetResolutionTest {
    @TempDir
    Path dir;

    /** Recognises a folder holding a file named after it ({@code marker}), at {@code level}. */
    record Fake(String id, Recognition level, String marker, List<String> fixedNames, List<String> namesInFiles)
            implements DatasetProvider {
        @Override
        public String displayName() {
            return id;
        }

        @Override
        public String description() {
            return id;
        }

        @Override
        public List<String> classNames() {
            return fixedNames;
        }

        @Override
        public boolean isAvailable(DataLocation location) {
            return true;
        }

        @Override
        public Recognition recognize(Path folder) {
            return Files.exists(folder.resolve(marker)) ? level : Recognition.NONE;
        }

        @Override
        public Set<String> optionNames() {
            return Set.of("colour");
        }

        @Override
        public RawImages load(Split split, DataLocation location) {
            throw new AssertionError("not used");
        }

        @Override
        public SplitSource open(Split split, DataLocation location, SplitRequest request) {
            List<String> names = fixedNames.isEmpty() ? namesInFiles : fixedNames;
            int[] labels = new int[names.size() * 2];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % names.size();
            }
            return new SplitSource(id + " " + split, 1, 2, 2, labels, names,
                    List.of(new FileDigest(id, 1, 4, "a".repeat(64)))) {
                @Override
                public void read(int index, byte[] dst, int offset) {
                    java.util.Arrays.fill(dst, offset, offset + 4, (byte) index);
                }
            };
        }
    }

    private final Fake fashion = new Fake("fixed", Recognition.EXACT, "exact", List.of("shirt", "boot"), List.of());
    private final Fake idx = new Fake("idx", Recognition.FORMAT, "idx", List.of(), List.of("0", "1"));
    private final Fake cifar = new Fake("cifar", Recognition.FORMAT, "cifar", List.of(), List.of("cat", "dog"));
    private final Fake images = new Fake("images", Recognition.LAYOUT, "images", List.of(), List.of("cat", "dog"));
    private final DefaultDatasetService service = new DefaultDatasetService(
            TestDatasets.catalog(fashion, idx, cifar, images));

    private Path folderWith(String... markers) throws IOException {
        Path f = Files.createTempDirectory(dir, "d");
        for (String m : markers) {
            Files.createFile(f.resolve(m));
        }
        return f;
    }

    private static DatasetRef ref(String id) {
        return new DatasetRef(id, List.of(), Normalization.UNIT);
    }

    private static NetworkDefinition model(DatasetRef ref) {
        return new NetworkDefinition(1, "m", "", Shape.spatial(1, 2, 2), List.of(new FlattenSpec("f"),
                new DenseSpec("d", 2, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("s")), null, ref);
    }

    @Test
    void theMostSpecificRecognitionWins() throws IOException {
        Path f = folderWith("exact", "idx", "images");
        DefaultDatasetService.Resolved r = service.resolve(ref("images"), DataLocation.directory(f));
        assertThat(r.id()).isEqualTo("fixed");
        assertThat(r.location()).isEqualTo(DataLocation.directory("fixed", f));
        assertThat(service.resolve(ref("fixed"), DataLocation.directory(folderWith("idx", "images"))).id())
                .isEqualTo("idx");
    }

    @Test
    void aTieIsAmbiguousUnlessTheDefinitionNamesOneOfThem() throws IOException {
        Path f = folderWith("idx", "cifar");
        assertThatThrownBy(() -> service.resolve(ref("fixed"), DataLocation.directory(f)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("could be read as idx, cifar data; name the kind, for example --data idx:" + f);
        assertThat(service.resolve(ref("cifar"), DataLocation.directory(f)).id()).isEqualTo("cifar");
    }

    @Test
    void anExplicitKindOrNoRecognitionUsesThatOrTheDefinitionsPlugin() throws IOException {
        Path f = folderWith("exact");
        assertThat(service.resolve(ref("fixed"), DataLocation.directory("images", f)).id()).isEqualTo("images");
        assertThat(service.resolve(ref("cifar"), DataLocation.directory(folderWith())).id()).isEqualTo("cifar");
        assertThat(service.resolve(ref("cifar"), DataLocation.mini()).id()).isEqualTo("cifar");
        assertThatThrownBy(() -> service.resolve(ref("fixed"), DataLocation.directory("nope", f)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown data set 'nope'; known data sets: fixed, idx, cifar, images");
    }

    @Test
    void classNamesComeFromTheDataAndPinnedNamesAreChecked() throws IOException {
        Path f = folderWith("images");
        LabeledData data = service.load(model(ref("images")), DataLocation.directory("images", f), Split.TEST);
        assertThat(data.classNames()).containsExactly("cat", "dog");
        // a model trained on cats and dogs evaluated on digits: refused, naming both
        DatasetRef trained = ref("images").resolved("images", DataLocation.directory("images", f), List.of("cat", "dog"));
        assertThatThrownBy(() -> service.load(model(trained), DataLocation.directory("idx", folderWith()), Split.TEST))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("the model's classes are 2 classes [cat, dog] but idx:")
                .hasMessageContaining("has 2 classes [0, 1]")
                .hasMessageContaining("Pass --data with data of the same classes");
        // the same classes elsewhere (another folder, another plugin): fine
        assertThat(service.load(model(trained), DataLocation.directory("cifar", folderWith()), Split.TEST).count())
                .isEqualTo(4);
    }

    @Test
    void aModelWithoutStoredNamesIsCheckedAgainstItsPluginsFixedNames() throws IOException {
        // written before names were stored: its plugin 'fixed' names shirt and boot
        assertThatThrownBy(() -> service.load(model(ref("fixed")), DataLocation.directory("cifar", folderWith()),
                Split.TEST))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("model 'm' was trained on fixed: the model's classes are 2 classes [shirt, boot]");
        assertThat(service.load(model(ref("fixed")), DataLocation.standard(), Split.TEST).classNames())
                .containsExactly("shirt", "boot");
    }

    @Test
    void unknownOptionsAreRefusedNamingTheKnownOnes() {
        DatasetRef withOption = new DatasetRef("idx", List.of(), Normalization.UNIT, null, List.of(), null,
                Map.of("color", "yes"));
        assertThatThrownBy(() -> service.load(withOption, DataLocation.standard(), Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data set idx: unknown option 'color' in dataset.options; it takes colour");
    }
}
