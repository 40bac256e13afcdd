package dev.bitflow.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DataSummary;
import dev.bitflow.engine.api.data.DatasetManifest;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.Verdict;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each built-in format, generated in miniature, goes the whole way through the public API: detected from a plain
 * folder, trained, evaluated on the model's own data by default, fused, verified bit for bit, and refused on data
 * with other classes.
 */
class BuiltInDataSetsEndToEndTest {
    private static Engine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        engine = EngineProvider.load().create(PluginHost.discover(BuiltInDataSetsEndToEndTest.class.getClassLoader(),
                null));
        engine.training().setComputeThreads(1);
    }

    /** A small BCNN for {@code c x h x w} inputs: float conv, pool, BN, sign, binary conv, BN, sign, float dense. */
    static String definition(String id, int c, int h, int w, int classes, int epochs, String extraDataset) {
        return """
                {"format": "bitflow-definition", "version": 1, "name": "tiny-%s",
                 "input": {"channels": %d, "height": %d, "width": %d},
                 "layers": [
                  {"type": "conv2d", "name": "conv1", "filters": 8, "kernel": 3, "padding": {"mode": "zero", "amount": 1}, "weights": "float"},
                  {"type": "maxpool", "name": "pool1", "size": 2, "stride": 2},
                  {"type": "batchnorm", "name": "bn1"},
                  {"type": "sign", "name": "sign1"},
                  {"type": "conv2d", "name": "conv2", "filters": 16, "kernel": 3, "padding": {"mode": "zero", "amount": 1}, "weights": "binary", "scaling": "mean-abs"},
                  {"type": "batchnorm", "name": "bn2"},
                  {"type": "sign", "name": "sign2"},
                  {"type": "flatten", "name": "flatten"},
                  {"type": "dense", "name": "fc", "units": %d, "weights": "float", "bias": true},
                  {"type": "softmax", "name": "softmax"}],
                 "training": {"optimizer": "adam", "learningRate": 0.01, "schedule": "constant", "epochs": %d,
                              "batchSize": 16, "seed": 7, "validationFraction": 0},
                 "dataset": {"id": "%s", "normalization": "minus-one-to-one"%s}}
                """.formatted(id, c, h, w, classes, epochs, id, extraDataset);
    }

    private static TrainedModel train(String json, DataLocation data) {
        NetworkDefinition def = engine.definitions().parse(json, "test definition");
        return engine.training().train(TrainingRequest.of(def, data), TrainingListener.NONE, TaskMonitor.NONE);
    }

    /** Evaluates on the model's own data (no location given), fuses, and verifies the fused network bit for bit. */
    private static EvaluationResult evaluateFuseVerify(TrainedModel model) {
        DataLocation own = model.definition().dataset().defaultLocation();
        EvaluationResult eval = engine.training().evaluate(model, own, TaskMonitor.NONE);
        FusedModel fused = engine.fusion().fuse(model, TaskMonitor.NONE);
        VerificationReport report = engine.fusion().verify(fused, own, 0, TaskMonitor.NONE);
        assertThat(report.examples()).isEqualTo(eval.examples());
        assertThat(report.verdict()).as("fused network equal to the float path").isEqualTo(Verdict.EQUAL);
        assertThat(report.outputScoreMismatches()).isZero();
        assertThat(report.layers()).allSatisfy(l -> assertThat(l.agreeing()).as(l.name()).isEqualTo(l.bits()));
        assertThat(report.fusedAccuracy()).isEqualTo(report.floatAccuracy()).isEqualTo(eval.accuracy());
        return eval;
    }

    @Test
    void imageFolderWithTrainAndTestFolders() {
        Path root = MiniatureDataSets.imageFolder(dir.resolve("shapes"), List.of("bottom", "middle", "top"), 24, 1,
                16, 16, true, 1);
        TrainedModel model = train(definition("images", 1, 16, 16, 3, 3, ""), DataLocation.directory(root));
        assertThat(model.definition().dataset().id()).isEqualTo("images");
        assertThat(model.definition().dataset().location()).isEqualTo(DataLocation.directory("images", root.toAbsolutePath()));
        assertThat(model.definition().dataset().classNames()).containsExactly("bottom", "middle", "top");
        EvaluationResult eval = evaluateFuseVerify(model);
        assertThat(eval.examples()).isEqualTo(18);
        assertThat(eval.classNames()).containsExactly("bottom", "middle", "top");
        assertThat(eval.accuracy()).isGreaterThan(0.6);
        ImageSample sample = engine.datasets().sample(model.definition(), model.definition().dataset().defaultLocation(),
                DataSplit.TEST, 4);
        assertThat(sample.labelName()).isEqualTo(List.of("bottom", "middle", "top").get(sample.label()));
        assertThat(List.of(sample.channels(), sample.height(), sample.width())).containsExactly(1, 16, 16);
    }

    @Test
    void describePreviewAndTheFirstBatchAsTrainingSeesIt() {
        Path root = MiniatureDataSets.imageFolder(dir.resolve("p"), List.of("bottom", "middle", "top"), 8, 1, 16, 16,
                true, 9);
        NetworkDefinition def = engine.definitions().parse(definition("images", 1, 16, 16, 3, 1, ""), "t");
        DataSummary s = engine.datasets().describe(def, DataLocation.directory(root), TaskMonitor.NONE);
        assertThat(s.id()).isEqualTo("images");
        assertThat(s.location()).isEqualTo(DataLocation.directory("images", root));
        assertThat(s.classNames()).containsExactly("bottom", "middle", "top");
        assertThat(s.trainPerClass()).containsExactly(8, 8, 8);
        assertThat(s.testPerClass()).containsExactly(2, 2, 2);
        List<ImageSample> grid = engine.datasets().preview(def, DataLocation.directory(root), DataSplit.TRAIN, 3,
                TaskMonitor.NONE);
        assertThat(grid).extracting(ImageSample::label).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2);

        TrainingRequest plainRequest = TrainingRequest.of(def, DataLocation.directory(root));
        List<ImageSample> plain = engine.training().previewBatch(plainRequest, 8, TaskMonitor.NONE);
        assertThat(plain).hasSize(8);
        ImageSample first = plain.get(0);
        assertThat(first.pixels()).isEqualTo(engine.datasets().sample(def, DataLocation.directory(root), DataSplit.TRAIN,
                first.sourceIndex()).pixels());
        NetworkDefinition augmented = def.withTraining(def.training().withAugmentation(new Augmentation(3, 0, true)));
        TrainingRequest augmentedRequest = TrainingRequest.of(augmented, DataLocation.directory(root));
        List<ImageSample> a = engine.training().previewBatch(augmentedRequest, 8, TaskMonitor.NONE);
        List<ImageSample> b = engine.training().previewBatch(augmentedRequest, 8, TaskMonitor.NONE);
        assertThat(a).extracting(ImageSample::sourceIndex).isEqualTo(plain.stream().map(ImageSample::sourceIndex).toList());
        assertThat(a).extracting(ImageSample::label).isEqualTo(plain.stream().map(ImageSample::label).toList());
        boolean changed = false;
        for (int i = 0; i < 8; i++) {
            assertThat(a.get(i).pixels()).as("same seed, same batch").isEqualTo(b.get(i).pixels());
            changed |= !java.util.Arrays.equals(a.get(i).pixels(), plain.get(i).pixels());
        }
        assertThat(changed).isTrue();
    }

    @Test
    void imageFolderSplitBySeededFractionColourAndDefaults() {
        Path root = MiniatureDataSets.imageFolder(dir.resolve("colours"), List.of("a", "b"), 20, 3, 12, 12, false, 2);
        NetworkDefinition def = engine.definitions().parse(definition("images", 3, 12, 12, 2, 1,
                ", \"options\": {\"testFraction\": 0.25, \"splitSeed\": 5}"), "t");
        int train = engine.datasets().size(def, DataLocation.directory(root), DataSplit.TRAIN);
        int test = engine.datasets().size(def, DataLocation.directory(root), DataSplit.TEST);
        assertThat(train).isEqualTo(30);
        assertThat(test).isEqualTo(10); // 5 of each class's 20
        Set<Integer> testSources = new HashSet<>();
        for (int i = 0; i < test; i++) {
            testSources.add(engine.datasets().sample(def, DataLocation.directory(root), DataSplit.TEST, i).sourceIndex());
        }
        assertThat(testSources).hasSize(10);
        TrainedModel model = train(definition("images", 3, 12, 12, 2, 2,
                ", \"options\": {\"testFraction\": 0.25, \"splitSeed\": 5}"), DataLocation.directory(root));
        assertThat(model.definition().dataset().options()).containsEntry("testFraction", "0.25");
        assertThat(evaluateFuseVerify(model).examples()).isEqualTo(10);
    }

    @Test
    void anyIdxSetWithClassNamesAndItsModelIsRefusedOnOtherClasses() {
        Path root = MiniatureDataSets.idx(dir.resolve("idx"), List.of("low", "mid", "high"), 3, 150, 30, 12, 12, 3);
        TrainedModel model = train(definition("fashion-mnist", 1, 12, 12, 3, 2, ""), DataLocation.directory(root));
        // the definition named fashion-mnist, but the folder is another IDX set: its own plugin and class names
        assertThat(model.definition().dataset().id()).isEqualTo("idx");
        assertThat(model.definition().dataset().classNames()).containsExactly("low", "mid", "high");
        DatasetManifest manifest = model.provenance().dataset();
        assertThat(manifest.id()).isEqualTo("idx");
        assertThat(manifest.location()).isEqualTo("idx:" + root.toAbsolutePath());
        assertThat(List.of(manifest.trainCount(), manifest.testCount())).containsExactly(150, 30);
        assertThat(manifest.files()).extracting(f -> f.name()).containsExactly("train-images-idx3-ubyte.gz",
                "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        EvaluationResult eval = evaluateFuseVerify(model);
        assertThat(eval.classNames()).containsExactly("low", "mid", "high");
        assertThat(eval.accuracy()).isGreaterThan(0.6);
        Path other = MiniatureDataSets.imageFolder(dir.resolve("other"), List.of("x", "y", "z"), 4, 1, 12, 12, true, 4);
        assertThatThrownBy(() -> engine.training().evaluate(model, DataLocation.directory(other), TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("the model's classes are 3 classes [low, mid, high]")
                .hasMessageContaining("has 3 classes [x, y, z]");
    }

    @Test
    void cifarBinaryBatchesWithClassNames() {
        Path root = MiniatureDataSets.cifar(dir.resolve("cifar"), List.of("red", "green", "blue"), 2, 60, 30, 5);
        TrainedModel model = train(definition("cifar10", 3, 32, 32, 3, 2, ""), DataLocation.directory(root));
        assertThat(model.definition().dataset().id()).isEqualTo("cifar10");
        assertThat(model.definition().dataset().classNames()).containsExactly("red", "green", "blue");
        EvaluationResult eval = evaluateFuseVerify(model);
        assertThat(eval.examples()).isEqualTo(30);
    }

    @Test
    void handsReplicaIsSplitByPersonAndFilteredByAspect() {
        Path root = MiniatureDataSets.hands(dir.resolve("hands"), 10, 6, 32, 24, 6);
        String filter = ", \"options\": {\"aspect\": \"dorsal\", \"testFraction\": 0.3}";
        NetworkDefinition def = engine.definitions().parse(definition("hands", 3, 24, 32, 2, 3, filter), "t");
        // 10 people x 6 photos, of which dorsal: k % 4 in {0, 1} -> 4 per person; 3 of 10 people are test people
        assertThat(engine.datasets().size(def, DataLocation.directory(root), DataSplit.TEST)).isEqualTo(12);
        assertThat(engine.datasets().size(def, DataLocation.directory(root), DataSplit.TRAIN)).isEqualTo(28);
        Set<String> trainPeople = people(def, root, DataSplit.TRAIN);
        Set<String> testPeople = people(def, root, DataSplit.TEST);
        assertThat(trainPeople).hasSize(7);
        assertThat(testPeople).hasSize(3).doesNotContainAnyElementsOf(trainPeople);
        TrainedModel model = train(definition("hands", 3, 24, 32, 2, 3, filter), DataLocation.directory(root));
        assertThat(model.definition().dataset().id()).isEqualTo("hands");
        assertThat(model.definition().dataset().classNames()).containsExactly("female", "male");
        assertThat(evaluateFuseVerify(model).examples()).isEqualTo(12);
    }

    /** The people (from HandInfo.csv, by image source index) of one split. */
    private static Set<String> people(NetworkDefinition def, Path root, DataSplit split) {
        List<HandsDatasetProvider.Photo> photos;
        try {
            photos = HandsDatasetProvider.photos(split == DataSplit.TRAIN ? dev.bitflow.engine.spi.Split.TRAIN
                    : dev.bitflow.engine.spi.Split.TEST, root, def.dataset().options());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<String> people = new HashSet<>();
        int n = engine.datasets().size(def, DataLocation.directory(root), split);
        for (int i = 0; i < n; i++) {
            people.add(photos.get(engine.datasets().sample(def, DataLocation.directory(root), split, i).sourceIndex())
                    .subject());
        }
        return people;
    }

    @Test
    void cifarBcnnSampleTrainsAnEpochAndItsFusedNetworkAgreesBitForBit() {
        Path root = MiniatureDataSets.cifar(dir.resolve("cifar10"), null, 1, 192, 48, 8);
        NetworkDefinition def = engine.definitions().sample("cifar-bcnn");
        assertThat(def.input().toString()).isEqualTo("3x32x32");
        TrainingSpec t = def.training();
        NetworkDefinition oneEpoch = def.withTraining(new TrainingSpec(t.optimizer(), t.learningRate(), t.momentum(),
                t.schedule(), 1, 64, t.seed(), 0, t.augmentation()));
        TrainedModel model = engine.training().train(TrainingRequest.of(oneEpoch, DataLocation.directory(root)),
                TrainingListener.NONE, TaskMonitor.NONE);
        assertThat(model.definition().training().augmentation().isNone()).isFalse();
        assertThat(model.definition().dataset().classNames()).isEqualTo(CifarDatasetProvider.CLASS_NAMES);
        EvaluationResult eval = evaluateFuseVerify(model);
        assertThat(eval.examples()).isEqualTo(48);
        FusedModel fused = engine.fusion().loadFused(writeFused(model));
        assertThat(engine.fusion().evaluate(fused, DataLocation.directory(root), TaskMonitor.NONE).accuracy())
                .isEqualTo(eval.accuracy());
    }

    private Path writeFused(TrainedModel model) {
        Path bff = dir.resolve("model.bff");
        engine.fusion().save(engine.fusion().fuse(model, TaskMonitor.NONE), bff, TaskMonitor.NONE);
        return bff;
    }
}
