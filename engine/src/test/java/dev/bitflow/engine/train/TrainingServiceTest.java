package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetManifest;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.BatchEvent;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.io.BfmContents;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end training on the embedded mini set (fast: a small BCNN, few examples). */
class TrainingServiceTest {
    @BeforeAll
    static void oneThread() {
        ComputeThreads.set(1); // reproducible, and fast on a busy machine (decision 0022)
    }

    private final DefaultTrainingService service =
            new DefaultTrainingService(new DefaultDefinitionService(), TestDatasets.service());

    @TempDir
    Path dir;

    @Test
    void trainsTheMiniSetToAtLeast70PercentAndSavesLoadsAndEvaluates() {
        NetworkDefinition def = TinyNets.miniBcnn(2, 7);
        List<EpochEvent> epochs = new ArrayList<>();
        List<BatchEvent> batches = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatch(BatchEvent e) {
                batches.add(e);
            }

            @Override
            public void onEpoch(EpochEvent e) {
                epochs.add(e);
            }
        };
        TrainedModel model = service.train(new TrainingRequest(def, DataLocation.mini(), null, null, 0, 0), listener,
                TaskMonitor.NONE);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).validationAccuracy()).isGreaterThan(0.7);
        assertThat(epochs.get(1).plusOneRates()).containsOnlyKeys("sign1", "sign2", "sign3");
        assertThat(epochs.get(1).signFlipRates()).containsOnlyKeys("conv2", "fc1");
        assertThat(batches).hasSize(2 * ((5400 + 63) / 64));
        assertThat(service.trainingExamples(new TrainingRequest(def, DataLocation.mini(), null, null, 0, 0)))
                .as("6,000 mini training images less the 10% validation part").isEqualTo(5400);
        assertThat(service.trainingExamples(new TrainingRequest(def, DataLocation.mini(), null, null, 0, 300)))
                .isEqualTo(300);
        assertThat(batches.get(0).plusOneRates().get("sign1")).isBetween(0.05, 0.95);
        assertThat(batches.get(5).signFlipRates().get("conv2")).isGreaterThan(0.0);

        // the model remembers its data: the plugin, where, the class names, and the manifest of the files read
        assertThat(model.definition().dataset().location()).isEqualTo(DataLocation.mini());
        assertThat(model.definition().dataset().classNames()).isEqualTo(TestDatasets.FASHION_CLASSES);
        DatasetManifest manifest = ((TrainedNetwork) model).provenance().dataset();
        assertThat(manifest.id()).isEqualTo("fashion-mnist");
        assertThat(manifest.location()).isEqualTo("mini");
        assertThat(manifest.classNames()).isEqualTo(TestDatasets.FASHION_CLASSES);
        assertThat(List.of(manifest.trainCount(), manifest.testCount(), manifest.channels(), manifest.height()))
                .containsExactly(6000, 1000, 1, 28);
        assertThat(manifest.files()).extracting(FileDigest::name).containsExactly(
                "train-images-idx3-ubyte.gz (embedded mini)", "train-labels-idx1-ubyte.gz (embedded mini)",
                "t10k-images-idx3-ubyte.gz (embedded mini)", "t10k-labels-idx1-ubyte.gz (embedded mini)");
        assertThat(manifest.files()).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));

        Path file = dir.resolve("tiny.bfm");
        service.save(model, file);
        TrainedModel loaded = service.load(file);
        assertThat(loaded.definition().dataset()).isEqualTo(model.definition().dataset());
        assertThat(((TrainedNetwork) loaded).provenance().dataset()).isEqualTo(manifest);
        EvaluationResult eval = service.evaluate(loaded, DataLocation.mini(), TaskMonitor.NONE);
        assertThat(eval.examples()).isEqualTo(1000);
        assertThat(eval.accuracy()).isGreaterThanOrEqualTo(0.70);
        assertThat(((TrainedNetwork) model).provenance().metrics().get("testAccuracy")).isEqualTo(eval.accuracy());
        assertThat(eval.confusion().stream().mapToInt(r -> r.stream().mapToInt(Integer::intValue).sum()).sum())
                .isEqualTo(1000);
        assertThat(eval.perClassAccuracy()).hasSize(10);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        NetworkDefinition def = TinyNets.miniBcnn(1, 3);
        TrainedNetwork a = train(def, 640);
        TrainedNetwork b = train(def, 640);
        TrainedNetwork c = train(TinyNets.miniBcnn(1, 4), 640);
        assertThat(a.parameters().asMap()).isEqualTo(b.parameters().asMap());
        assertThat(a.parameters().asMap()).isNotEqualTo(c.parameters().asMap());
    }

    @Test
    void augmentationIsSeededSameSeedSameWeightsAndItChangesTraining() {
        NetworkDefinition plain = TinyNets.miniBcnn(1, 3);
        NetworkDefinition augmented = plain.withTraining(plain.training()
                .withAugmentation(new Augmentation(2, 1, true)));
        TrainedNetwork a = train(augmented, 320);
        TrainedNetwork b = train(augmented, 320);
        assertThat(a.parameters().asMap()).isEqualTo(b.parameters().asMap());
        assertThat(a.parameters().asMap()).isNotEqualTo(train(plain, 320).parameters().asMap());
        assertThat(a.definition().training().augmentation()).isEqualTo(new Augmentation(2, 1, true));
    }

    @Test
    void resumingFromACheckpointGivesTheWeightsOfAnUninterruptedRun() throws Exception {
        NetworkDefinition def = TinyNets.miniBcnn(2, 5);
        TrainedNetwork uninterrupted = train(def, 640);

        Path checkpoint = dir.resolve("run.ckpt.bfm");
        AtomicBoolean stop = new AtomicBoolean();
        TrainingListener stopAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent e) {
                stop.set(true);
            }
        };
        TaskMonitor monitor = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return stop.get();
            }
        };
        assertThatThrownBy(() -> service.train(new TrainingRequest(def, DataLocation.mini(), checkpoint, null, 0, 640),
                stopAfterFirstEpoch, monitor)).isInstanceOf(CancelledException.class);
        assertThat(checkpoint).exists();
        assertThat(Files.list(dir).filter(p -> !p.equals(checkpoint)).toList()).as("no temp files left").isEmpty();

        TrainedNetwork resumed = (TrainedNetwork) service.train(
                new TrainingRequest(def, DataLocation.mini(), null, checkpoint, 0, 640), TrainingListener.NONE,
                TaskMonitor.NONE);
        assertThat(resumed.parameters().asMap()).isEqualTo(uninterrupted.parameters().asMap());
    }

    @Test
    void resumeRefusesACheckpointOfAnotherDefinition() {
        Path checkpoint = dir.resolve("a.ckpt.bfm");
        service.train(new TrainingRequest(TinyNets.miniBcnn(1, 5), DataLocation.mini(), checkpoint, null, 0, 128),
                TrainingListener.NONE, TaskMonitor.NONE);
        assertThatThrownBy(() -> service.train(new TrainingRequest(TinyNets.miniBcnn(2, 5), DataLocation.mini(), null,
                checkpoint, 0, 128), TrainingListener.NONE, TaskMonitor.NONE))
                .hasMessageContaining("a.ckpt.bfm").hasMessageContaining("other training settings");
    }

    @Test
    void resumeChecksEveryFieldOfTheCheckpointAndNamesFileAndField() throws Exception {
        NetworkDefinition def = TinyNets.miniBcnn(1, 5);
        Path good = dir.resolve("good.ckpt.bfm");
        service.train(new TrainingRequest(def, DataLocation.mini(), good, null, 0, 128), TrainingListener.NONE,
                TaskMonitor.NONE);
        BfmContents c = BfmReader.read(good);
        assertThat(c.properties()).containsEntry("epochsDone", "1").containsEntry("stepsDone", "2");
        String v = c.extras().keySet().stream().filter(k -> k.startsWith("adam/v/")).findFirst().orElseThrow();
        String m = c.extras().keySet().stream().filter(k -> k.startsWith("adam/m/")).findFirst().orElseThrow();

        assertRefused(c, Map.of("epochsDone", "-5", "stepsDone", "-10"), c.extras(), "'epochsDone' is -5");
        assertRefused(c, Map.of("epochsDone", "2", "stepsDone", "4"), c.extras(), "'epochsDone' is 2; it must be between 0 and 1");
        assertRefused(c, Map.of("epochsDone", "1", "stepsDone", "7"), c.extras(), "'stepsDone' is 7, but 1 epoch(s) of 2 steps");
        assertRefused(c, Map.of("epochsDone", "1", "stepsDone", "two"), c.extras(), "'stepsDone' is not a whole number");
        assertRefused(c, Map.of("epochsDone", "1"), c.extras(), "'stepsDone' is missing");
        assertRefused(c, c.properties(), with(c.extras(), v, t -> t.data()[0] = -1f), "'" + v + "' holds the negative value");
        assertRefused(c, c.properties(), with(c.extras(), m, t -> t.data()[1] = Float.NaN), "'" + m + "' holds NaN at index 1");
        Map<String, Tensor> reshaped = new LinkedHashMap<>(c.extras());
        reshaped.put(m, new Tensor(new int[] {1}, new float[] {0}));
        assertRefused(c, c.properties(), reshaped, "'" + m + "' has shape [1]");
        Map<String, Tensor> missing = new LinkedHashMap<>(c.extras());
        missing.remove(v);
        assertRefused(c, c.properties(), missing, "'" + v + "' is missing");
        Map<String, Tensor> foreign = new LinkedHashMap<>(c.extras());
        foreign.put("sgd/velocity/x", new Tensor(new int[] {1}, new float[] {0}));
        assertRefused(c, c.properties(), foreign, "'sgd/velocity/x' is not state of this optimiser");

        // the untouched checkpoint still resumes (nothing left to train: its one epoch is done)
        TrainedNetwork resumed = (TrainedNetwork) service.train(
                new TrainingRequest(def, DataLocation.mini(), null, good, 0, 128), TrainingListener.NONE, TaskMonitor.NONE);
        assertThat(resumed.parameters().asMap()).isEqualTo(c.model().parameters().asMap());
    }

    private void assertRefused(BfmContents c, Map<String, String> properties, Map<String, Tensor> extras,
                               String message) throws Exception {
        Path bad = dir.resolve("bad.ckpt.bfm");
        BfmWriter.write(bad, c.model(), extras, properties);
        assertThatThrownBy(() -> service.train(new TrainingRequest(c.model().definition(), DataLocation.mini(), null,
                bad, 0, 128), TrainingListener.NONE, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(bad.toString())
                .hasMessageContaining(message);
    }

    private static Map<String, Tensor> with(Map<String, Tensor> extras, String key, Consumer<Tensor> change) {
        Map<String, Tensor> copy = new LinkedHashMap<>(extras);
        Tensor t = extras.get(key);
        Tensor changed = new Tensor(t.shape(), t.data().clone());
        change.accept(changed);
        copy.put(key, changed);
        return copy;
    }

    @Test
    void aCheckpointThatCannotBeWrittenIsReportedAndTrainingGoesOn() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        Path checkpoint = notAFolder.resolve("run.ckpt.bfm");
        List<String> reports = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onCheckpointNotWritten(int epochsDone, Path file, String reason) {
                reports.add(epochsDone + " " + file + " " + reason);
            }
        };
        TrainedModel model = service.train(new TrainingRequest(TinyNets.miniBcnn(2, 5), DataLocation.mini(), checkpoint,
                null, 0, 128), listener, TaskMonitor.NONE);
        assertThat(model).isNotNull();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).startsWith("1 " + checkpoint + " ");
        assertThat(reports.get(1)).startsWith("2 " + checkpoint + " ");
    }

    private TrainedNetwork train(NetworkDefinition def, int examples) {
        return (TrainedNetwork) service.train(new TrainingRequest(def, DataLocation.mini(), null, null, 0, examples),
                TrainingListener.NONE, TaskMonitor.NONE);
    }
}
