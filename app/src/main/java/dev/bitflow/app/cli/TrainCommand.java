package dev.bitflow.app.cli;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataSummary;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.training.BatchEvent;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow train DEF}: trains a definition, writes a {@code .bfm} model and a checkpoint after every
 * epoch, shows a progress line with ETA on stderr (carriage return), prints the final metrics on stdout.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network definition (*.bitflow.json) with the bundled ND4J engine.")
final class TrainCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "DEF", description = "the network definition (*.bitflow.json)")
    Path definitionFile;

    @Mixin
    DataOption data;

    @Option(names = "--epochs", paramLabel = "N", description = "override the definition's epochs")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "override the definition's seed")
    Long seed;

    @Option(names = "--validation", paramLabel = "F",
            description = "override the definition's validation fraction (0 = train on every training example)")
    Double validation;

    @Option(names = "--scaling", paramLabel = "none|mean-abs",
            description = "override the scaling factor of every binary layer (SF on/off experiments)")
    String scaling;

    @Option(names = "--out", paramLabel = "FILE.bfm", description = "model file to write (default: NAME.bfm)")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "checkpoint written after every epoch (default: OUT with .ckpt.bfm)")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CKPT", description = "continue from a checkpoint")
    Path resume;

    @Option(names = "--max-train", paramLabel = "N", defaultValue = "0",
            description = "train on the first N (shuffled) training examples only; 0 = all")
    int maxTrain;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads for the numeric backend (1 = reproducible; default: the backend's choice)")
    Integer threads;

    @Option(names = "--curve", paramLabel = "FILE.csv", description = "write the per-epoch learning curve as CSV")
    Path curve;

    TrainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (threads != null) {
            context.engine().training().setComputeThreads(threads);
        }
        NetworkDefinition def = context.engine().definitions().load(definitionFile);
        def = override(def);
        Path outFile = out != null ? out : Path.of(def.name() + ".bfm");
        Path ckpt = checkpoint != null ? checkpoint : Path.of(outFile.toString().replaceAll("\\.bfm$", "") + ".ckpt.bfm");
        TrainingRequest request = new TrainingRequest(def, data.location(), ckpt, resume, 250, maxTrain);
        ProgressLine progress = new ProgressLine();
        // which data this is (a plain folder's kind is detected), before a long run starts
        DataSummary summary = context.engine().datasets().describe(def, data.location(), progress.scan());
        context.err().print("\r" + " ".repeat(110) + "\r");
        context.out().println("data      " + summary.describe());
        context.out().flush();
        TrainedModel model = context.engine().training().train(request, progress, TaskMonitor.NONE);
        context.err().print("\r" + " ".repeat(110) + "\r");
        context.err().flush();
        context.engine().training().save(model, outFile);
        if (curve != null) {
            writeCurve(progress.epochs);
        }
        Double testAccuracy = model.provenance() == null ? null : model.provenance().metrics().get("testAccuracy");
        if (testAccuracy != null) {
            context.out().println(String.format(Locale.ROOT, "test      accuracy %.2f%% on %,d images (loss %.4f)",
                    100 * testAccuracy, summary.testCount(), model.provenance().metrics().get("testLoss")));
        }
        context.out().println("wrote " + outFile);
        context.out().println("checkpoint " + ckpt);
        return 0;
    }

    private NetworkDefinition override(NetworkDefinition def) {
        TrainingSpec t = def.training();
        if (t == null) {
            throw new BadInputException(definitionFile + ": the definition has no training section");
        }
        if (epochs != null || seed != null || validation != null) {
            if (epochs != null && epochs < 1) {
                throw new BadInputException("--epochs must be at least 1, was " + epochs);
            }
            if (validation != null && !(validation >= 0 && validation < 1)) {
                throw new BadInputException("--validation must be in [0, 1), was " + validation);
            }
            def = def.withTraining(new TrainingSpec(t.optimizer(), t.learningRate(), t.momentum(), t.schedule(),
                    epochs != null ? epochs : t.epochs(), t.batchSize(), seed != null ? seed : t.seed(),
                    validation != null ? validation : t.validationFraction(), t.augmentation()));
        }
        if (scaling != null) {
            ScalingFactor sf = switch (scaling) {
                case "none" -> ScalingFactor.NONE;
                case "mean-abs" -> ScalingFactor.MEAN_ABS;
                default -> throw new BadInputException("--scaling must be none or mean-abs, was '" + scaling + "'");
            };
            List<LayerSpec> layers = new ArrayList<>();
            for (LayerSpec l : def.layers()) {
                if (l instanceof Conv2dSpec c && c.weights() == Precision.BINARY) {
                    l = new Conv2dSpec(c.name(), c.filters(), c.kernel(), c.stride(), c.padding(), c.weights(), sf, c.bias());
                } else if (l instanceof DenseSpec d && d.weights() == Precision.BINARY) {
                    l = new DenseSpec(d.name(), d.units(), d.weights(), sf, d.bias());
                }
                layers.add(l);
            }
            def = def.withLayers(layers);
        }
        return def;
    }

    private void writeCurve(List<EpochEvent> events) {
        StringBuilder csv = new StringBuilder(
                "epoch,trainLoss,trainAccuracy,validationLoss,validationAccuracy,learningRate,seconds,meanStepMillis\n");
        for (EpochEvent e : events) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.1f,%.2f%n", e.epoch() + 1,
                    e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(), e.learningRate(),
                    e.seconds(), e.meanStepMillis()));
        }
        try {
            AtomicFiles.writeString(curve, csv.toString());
        } catch (IOException e) {
            throw new BadInputException(curve + ": cannot write the learning curve: " + e.getMessage(), e);
        }
    }

    /** Prints a one-line status with ETA on stderr and one line per finished epoch. */
    private final class ProgressLine implements TrainingListener {
        private final List<EpochEvent> epochs = new ArrayList<>();
        private long start;
        private long firstStep = -1;
        private long lastScanNanos;

        /** Reports reading and checking the data (a large folder takes a while) on the status line. */
        TaskMonitor scan() {
            return new TaskMonitor() {
                @Override
                public void progress(double fraction, String message) {
                    long now = System.nanoTime();
                    if (now - lastScanNanos > 200_000_000L) {
                        lastScanNanos = now;
                        context.err().print("\r" + pad(message) + "   ");
                        context.err().flush();
                    }
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
        }

        private static String pad(String message) {
            return message.length() > 100 ? message.substring(0, 100) : message;
        }

        @Override
        public void onBatch(BatchEvent e) {
            if (firstStep < 0) { // the ETA counts from the end of the first step (data loading excluded)
                firstStep = e.step();
                start = System.nanoTime();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long done = e.step() - firstStep;
            double eta = done == 0 ? e.stepMillis() / 1e3 * (e.totalSteps() - e.step() - 1)
                    : elapsed / done * (e.totalSteps() - e.step() - 1);
            context.err().print(String.format(Locale.ROOT,
                    "\repoch %d batch %d/%d  loss %.4f  acc %.3f  lr %.2e  %.0f ms/step  ETA %s   ", e.epoch() + 1,
                    e.batch() + 1, e.batchesPerEpoch(), e.loss(), e.accuracy(), e.learningRate(), e.stepMillis(),
                    duration(eta)));
            context.err().flush();
        }

        @Override
        public void onEpoch(EpochEvent e) {
            epochs.add(e);
            context.err().print("\r" + " ".repeat(110) + "\r");
            context.err().println(String.format(Locale.ROOT,
                    "epoch %d/%d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  %.0f s (%.0f ms/step)",
                    e.epoch() + 1, e.epochs(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(),
                    e.validationAccuracy(), e.seconds(), e.meanStepMillis()));
            context.err().flush();
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
