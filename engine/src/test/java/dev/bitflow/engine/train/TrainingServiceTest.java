package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.BatchEvent;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

        Path file = dir.resolve("tiny.bfm");
        service.save(model, file);
        TrainedModel loaded = service.load(file);
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

    private TrainedNetwork train(NetworkDefinition def, int examples) {
        return (TrainedNetwork) service.train(new TrainingRequest(def, DataLocation.mini(), null, null, 0, examples),
                TrainingListener.NONE, TaskMonitor.NONE);
    }
}
