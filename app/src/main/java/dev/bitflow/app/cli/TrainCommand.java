package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataSummary;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.api.io.FileNames;
import dev.bitflow.engine.api.io.OutputGuard;
import dev.bitflow.engine.api.training.BatchEvent;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow train DEF}: trains a definition, writes a {@code .bfm} model and a checkpoint after every
 * epoch, shows progress with ETA on stderr, prints where it wrote (or, with {@code --format json}, one JSON
 * document with the files and every epoch's metrics) on stdout.
 *
 * <p>Every output passes the {@link OutputGuard} before training starts (not the same file as the definition or
 * the resumed checkpoint, not a file of another kind unless {@code --force}, in an existing, writable folder). A
 * checkpoint that cannot be written later is a warning; a model that cannot be written at the end is written
 * beside the checkpoint, or in the temporary folder, and the message says where.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network definition (*.bitflow.json) with the bundled ND4J engine.")
final class TrainCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "DEF", description = "the network definition (*.bitflow.json)")
    Path definitionFile;

    @Mixin
    DataOption data;

    @Option(names = "--epochs", paramLabel = "N", converter = Counts.Positive.class,
            description = "override the definition's epochs")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "override the definition's seed")
    Long seed;

    @Option(names = "--validation", paramLabel = "F",
            description = "override the definition's validation fraction (0 = train on every training example)")
    Double validation;

    @Option(names = "--scaling", paramLabel = "SF", converter = ScalingChoice.class,
            completionCandidates = ScalingChoice.class,
            description = "override the scaling factor of every binary layer (SF on/off experiments): "
                    + "${COMPLETION-CANDIDATES}")
    ScalingFactor scaling;

    @Option(names = "--out", paramLabel = "FILE.bfm",
            description = "model file to write (default: the network's name, made a plain file name, + .bfm, in the"
                    + " current folder)")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "checkpoint written after every epoch (default: OUT with .ckpt.bfm)")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CKPT", description = "continue from a checkpoint")
    Path resume;

    @Option(names = "--max-train", paramLabel = "N", defaultValue = "0", converter = Counts.NonNegative.class,
            description = "train on the first N (shuffled) training examples only; 0 = all")
    int maxTrain;

    @Option(names = "--threads", paramLabel = "N", converter = Counts.Positive.class,
            description = "CPU threads for the numeric backend (1 = reproducible; default: the backend's choice)")
    Integer threads;

    @Option(names = "--curve", paramLabel = "FILE.csv", description = "write the per-epoch learning curve as CSV")
    Path curve;

    @Option(names = "--force", description = "replace existing output files of another kind (a definition, a fused "
            + "model, a file of another program); an output is never allowed to be one of the inputs")
    boolean force;

    @Mixin
    TableOrJsonOption format;

    @Mixin
    MemoryBudgetOption memoryBudget;

    TrainCommand(CliContext context) {
        this.context = context;
    }

    /** The {@code --scaling} values. */
    static final class ScalingChoice extends EnumChoice<ScalingFactor> {
        ScalingChoice() {
            super(List.of(ScalingFactor.values()));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (validation != null && !(validation >= 0 && validation < 1)) {
            throw new BadInputException("--validation must be in [0, 1), was " + validation);
        }
        memoryBudget.apply(context.engine());
        if (threads != null) {
            context.engine().training().setComputeThreads(threads);
        }
        NetworkDefinition def = override(context.engine().definitions().load(definitionFile));
        OutputGuard guard = new OutputGuard(force, "use --force to replace it")
                .input("the definition", definitionFile).input("--resume", resume);
        Path outFile = guard.output("--out", out != null ? out : Path.of(FileNames.stem(def.name()) + ".bfm"),
                FileKind.TRAINED_MODEL);
        String outName = outFile.getFileName().toString();
        Path ckpt = guard.output("--checkpoint", checkpoint != null ? checkpoint
                : outFile.resolveSibling(outName.replaceAll("(?i)\\.bfm$", "") + ".ckpt.bfm"), FileKind.CHECKPOINT, resume);
        if (curve != null) {
            guard.output("--curve", curve, FileKind.LEARNING_CURVE);
        }

        TrainingRequest request = new TrainingRequest(def, data.location(), ckpt, resume, 250, maxTrain);
        Progress progress = new Progress(new StatusLine(context));
        // which data this is (a plain folder's kind is detected), before a long run starts
        DataSummary summary = context.engine().datasets().describe(def, data.location(), progress.scan());
        progress.status.clear();
        if (format.value() != OutputFormat.JSON) {
            context.out().println("data      " + summary.describe());
            context.out().flush();
        }
        TrainedModel model = context.engine().training().train(request, progress, TaskMonitor.NONE);
        progress.status.clear();
        Path written = save(model, outFile, ckpt, progress);
        if (curve != null) {
            writeCurve(progress.epochs);
        }
        Map<String, Double> metrics = model.provenance() == null ? Map.of() : model.provenance().metrics();
        if (format.value() == OutputFormat.JSON) {
            context.out().println(json(written, ckpt, progress, summary, metrics));
        } else {
            Double testAccuracy = metrics.get("testAccuracy");
            if (testAccuracy != null) {
                context.out().println(String.format(Locale.ROOT, "test      accuracy %.2f%% on %,d images (loss %.4f)",
                        100 * testAccuracy, summary.testCount(), metrics.get("testLoss")));
            }
            context.out().println("wrote " + written);
            context.out().println("checkpoint " + (progress.lastCheckpointWritten ? ckpt : "not written"));
        }
        if (!written.equals(outFile)) {
            throw new BadInputException("--out " + outFile + " could not be written (" + progress.saveFailures.get(0)
                    + "); the trained model is in " + written + " instead");
        }
        return BitflowCli.EXIT_OK;
    }

    private NetworkDefinition override(NetworkDefinition def) {
        TrainingSpec t = def.training();
        if (t == null) {
            throw new BadInputException(definitionFile + ": the definition has no training section");
        }
        def = def.withTraining(t.withOverrides(null, epochs, null, seed, validation));
        if (scaling != null) {
            def = def.withBinaryScaling(scaling);
        }
        return def;
    }

    /**
     * Writes the model to {@code outFile}; when that fails (disk full, folder gone), to a new file beside the
     * checkpoint, then in the temporary folder. Returns where it went.
     *
     * @throws BadInputException when no place could take it, naming every place tried and the reason
     */
    private Path save(TrainedModel model, Path outFile, Path ckpt, Progress progress) {
        String fallbackName = FileNames.stem(model.definition().name()) + ".unsaved-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".bfm";
        List<Path> places = new ArrayList<>(List.of(outFile, ckpt.toAbsolutePath().resolveSibling(fallbackName),
                Path.of(System.getProperty("java.io.tmpdir")).resolve(fallbackName)));
        List<String> tried = new ArrayList<>();
        for (Path place : places) {
            if (!place.equals(outFile) && Files.exists(place)) {
                continue;
            }
            try {
                context.engine().training().save(model, place);
                return place;
            } catch (UncheckedIOException e) {
                String reason = AtomicFiles.reasonOf(e.getCause());
                progress.saveFailures.add(reason);
                tried.add(place + " (" + reason + ")");
                context.err().println("warning: cannot write the trained model to " + place + ": " + reason);
            }
        }
        String lastCheckpoint = progress.lastCheckpointWritten && !progress.epochs.isEmpty()
                ? "; the checkpoint " + ckpt + " holds the weights after the last epoch" : "";
        throw new BadInputException("the trained model could not be written anywhere: " + String.join("; ", tried)
                + lastCheckpoint);
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
            throw new BadInputException(curve + ": cannot write the learning curve: " + AtomicFiles.reasonOf(e), e);
        }
    }

    private String json(Path written, Path ckpt, Progress progress, DataSummary data, Map<String, Double> metrics)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("definition", definitionFile.toString());
        root.put("data", data.describe());
        root.put("model", written.toString());
        root.put("checkpoint", progress.lastCheckpointWritten ? ckpt.toString() : null);
        root.put("curve", curve == null ? null : curve.toString());
        ArrayNode epochList = root.putArray("epochs");
        for (EpochEvent e : progress.epochs) {
            ObjectNode n = epochList.addObject();
            n.put("epoch", e.epoch() + 1).put("trainLoss", e.trainLoss()).put("trainAccuracy", e.trainAccuracy());
            if (!Double.isNaN(e.validationLoss())) {
                n.put("validationLoss", e.validationLoss()).put("validationAccuracy", e.validationAccuracy());
            }
            n.put("learningRate", e.learningRate()).put("seconds", e.seconds()).put("meanStepMillis", e.meanStepMillis());
        }
        if (metrics.containsKey("testAccuracy")) {
            root.put("testAccuracy", metrics.get("testAccuracy")).put("testLoss", metrics.get("testLoss"))
                    .put("testExamples", data.testCount());
        }
        ArrayNode warnings = root.putArray("warnings");
        progress.checkpointFailures.forEach(warnings::add);
        progress.saveFailures.forEach(warnings::add);
        return mapper.writeValueAsString(root);
    }

    /** Status with ETA while an epoch runs, one line per finished epoch, warnings for checkpoints not written. */
    private static final class Progress implements TrainingListener {
        private final StatusLine status;
        private final List<EpochEvent> epochs = new ArrayList<>();
        private final List<String> checkpointFailures = new ArrayList<>();
        private final List<String> saveFailures = new ArrayList<>();
        private boolean failedThisEpoch;
        private boolean lastCheckpointWritten = true;
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
                        status.update(pad(message));
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

        Progress(StatusLine status) {
            this.status = status;
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
            status.update(String.format(Locale.ROOT,
                    "epoch %d batch %d/%d  loss %.4f  acc %.3f  lr %.2e  %.0f ms/step  ETA %s", e.epoch() + 1,
                    e.batch() + 1, e.batchesPerEpoch(), e.loss(), e.accuracy(), e.learningRate(), e.stepMillis(),
                    duration(eta)));
        }

        @Override
        public void onEpoch(EpochEvent e) {
            epochs.add(e);
            lastCheckpointWritten = !failedThisEpoch; // the checkpoint is written (or not) just before this event
            failedThisEpoch = false;
            status.println(String.format(Locale.ROOT,
                    "epoch %d/%d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  %.0f s (%.0f ms/step)",
                    e.epoch() + 1, e.epochs(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(),
                    e.validationAccuracy(), e.seconds(), e.meanStepMillis()));
        }

        @Override
        public void onCheckpointNotWritten(int epochsDone, Path file, String reason) {
            String text = "checkpoint after epoch " + epochsDone + " not written to " + file + " (" + reason
                    + "); training goes on, the weights are kept in memory";
            checkpointFailures.add(text);
            failedThisEpoch = true;
            status.println("warning: " + text);
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
