package dev.bitflow.engine.reliability;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.io.ReadLimits;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.train.DefaultTrainingService;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * The soak (docs/reliability.md, Soak): trains fashion-bcnn for 10 epochs on the embedded mini set, then runs
 * 10,000 fused inferences (the trained model fused, the mini test set cycled), sampling after each epoch and
 * every 1,000 inferences the live Java heap (after a collection), the process's resident memory and javacpp's
 * count of physical bytes. Passes (exit 0) when neither heap nor resident memory grows after the first epoch
 * beyond the tolerance (heap 16 MB, resident 10% of the first sample), and not at all during inference beyond
 * the same tolerance. Not a unit test: run by hand (the command is in docs/reliability.md).
 * Args: [epochs=10] [inferences=10000] [maxTrain=0 (all)].
 */
public final class MemorySoak {
    private static final long HEAP_TOLERANCE = 16L << 20;
    private static final double RSS_TOLERANCE = 0.10;

    private record Sample(String when, long heap, long rss, long javacpp) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-22s heap %9s  resident %9s  javacpp physical %9s", when,
                    ReadLimits.format(heap), ReadLimits.format(rss), ReadLimits.format(javacpp));
        }
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int inferences = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int maxTrain = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        DefaultDefinitionService definitions = new DefaultDefinitionService();
        DefaultDatasetService datasets = TestDatasets.service();
        NetworkDefinition def = definitions.sample("fashion-bcnn");
        TrainingSpec t = def.training();
        def = def.withTraining(new TrainingSpec(t.optimizer(), t.learningRate(), t.momentum(), t.schedule(), epochs,
                t.batchSize(), t.seed(), t.validationFraction()));
        System.out.println("soak: fashion-bcnn, " + epochs + " epochs on the mini set"
                + (maxTrain > 0 ? " (first " + maxTrain + " training examples)" : "") + ", then " + inferences
                + " fused inferences; Java " + System.getProperty("java.version") + ", heap max "
                + ReadLimits.format(Runtime.getRuntime().maxMemory()));
        List<Sample> training = new ArrayList<>();
        training.add(sample("before training"));
        System.out.println(training.get(0));
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent e) {
                Sample s = sample(String.format(Locale.ROOT, "epoch %d (acc %.3f)", e.epoch() + 1, e.validationAccuracy()));
                training.add(s);
                System.out.println(s);
            }
        };
        Path checkpoint = Files.createTempFile("soak", ".ckpt.bfm");
        TrainedNetwork model = (TrainedNetwork) new DefaultTrainingService(definitions, datasets).train(
                new TrainingRequest(def, DataLocation.mini(), checkpoint, null, 1000, maxTrain), listener,
                TaskMonitor.NONE);
        Files.deleteIfExists(checkpoint);

        FusedNetwork fused = new FusionPipeline().run(model, TaskMonitor.NONE).network();
        LabeledData test = datasets.load(def.dataset(), DataLocation.mini(), Split.TEST);
        int size = (int) test.exampleShape().size();
        FusedKernels kernels = FusedKernels.singleThreaded();
        List<Sample> inference = new ArrayList<>();
        inference.add(sample("before inference"));
        System.out.println(inference.get(0));
        long checksum = 0;
        for (int i = 0; i < inferences; i++) {
            int e = i % test.count();
            float[] logits = fused.logits(test.example(e), kernels);
            checksum += Float.floatToIntBits(logits[0]) & 0xF;
            if ((i + 1) % 1000 == 0) {
                Sample s = sample((i + 1) + " inferences");
                inference.add(s);
                System.out.println(s);
            }
        }
        boolean trainingFlat = flat(training.subList(1, training.size()), "training after epoch 1");
        boolean inferenceFlat = flat(inference, "fused inference");
        System.out.println("checksum " + checksum);
        System.exit(trainingFlat && inferenceFlat ? 0 : 1);
    }

    /** Whether the samples after the first stay within the tolerance of the first; prints the verdict. */
    private static boolean flat(List<Sample> samples, String what) {
        Sample first = samples.get(0);
        long maxHeap = samples.stream().mapToLong(Sample::heap).max().orElse(0);
        long maxRss = samples.stream().mapToLong(Sample::rss).max().orElse(0);
        boolean ok = maxHeap - first.heap() <= HEAP_TOLERANCE && maxRss <= first.rss() * (1 + RSS_TOLERANCE);
        System.out.printf(Locale.ROOT, "%s: heap %s -> max %s, resident %s -> max %s (%+.1f%%): %s%n", what,
                ReadLimits.format(first.heap()), ReadLimits.format(maxHeap), ReadLimits.format(first.rss()),
                ReadLimits.format(maxRss), 100.0 * (maxRss - first.rss()) / first.rss(), ok ? "flat" : "GROWS");
        return ok;
    }

    private static Sample sample(String when) {
        System.gc();
        try {
            Thread.sleep(500); // the concurrent collection and javacpp's deallocator thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Sample(when, heap, residentBytes(), Pointer.physicalBytes());
    }

    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux
        }
        return Pointer.physicalBytes();
    }
}
