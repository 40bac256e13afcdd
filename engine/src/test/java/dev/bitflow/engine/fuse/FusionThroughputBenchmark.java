package dev.bitflow.engine.fuse;

import dev.bitflow.engine.analysis.bench.DefaultBenchService;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.ModelBenchReport;
import dev.bitflow.engine.api.bench.ModelBenchRequest;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fusion.DefaultFusionService;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.train.TrainingMemory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bitflow bench MODEL} from the engine's test class path (no app build needed): the fused network's images per
 * second on the test set against a float network's on ND4J, batch 100, through the engine's bench service. Not a unit
 * test: run by hand (docs/benchmarks.md has the command).
 * Args: model.bfm [threads] [standard|mini|DIR] [twin.bfm].
 */
public final class FusionThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        DataLocation location = DataLocation.parse(args.length > 2 ? args[2] : "standard");
        DefaultDatasetService data = TestDatasets.service();
        DefaultFusionService fusion = new DefaultFusionService(new DefaultDefinitionService(), data);
        TrainedModel trained = BfmReader.read(model).model();
        TrainedModel twin = args.length > 3 ? BfmReader.read(Path.of(args[3])).model() : null;
        DefaultBenchService bench = new DefaultBenchService(p -> null, new DefaultMemoryService(TrainingMemory::estimate),
                () -> null, data::load);
        ModelBenchReport r = bench.runModel(new ModelBenchRequest(fusion.fuse(trained, TaskMonitor.NONE), twin,
                args.length > 3 ? args[3] : null, location, threads, ModelBenchRequest.DEFAULT_WARMUP_RUNS,
                ModelBenchRequest.DEFAULT_MEASURED_RUNS, 0), TaskMonitor.NONE);
        System.out.printf(Locale.ROOT, "%s, %d test images of %s, java %s, load %.2f; %s%n", r.model(), r.images(),
                r.dataset(), r.javaVersion(), r.loadAverage(), r.kernels());
        for (ModelBenchReport.Side s : new ModelBenchReport.Side[] {r.fused(), r.twin()}) {
            System.out.printf(Locale.ROOT, "%-70s %9.0f images/s  median %8.1f ms  accuracy %.2f%%%n", s.label(),
                    s.imagesPerSecond(), s.medianMs(), 100 * s.accuracy());
        }
        System.out.printf(Locale.ROOT, "fused / float: %.2fx; predictions agreeing with the model's own float network"
                + " on ND4J: %d/%d%n", r.speedup(), r.agreement(), r.images());
    }
}
