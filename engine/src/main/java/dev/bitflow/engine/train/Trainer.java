package dev.bitflow.engine.train;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.training.BatchEvent;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.TrainingFailedException;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.data.Augmenter;
import dev.bitflow.engine.data.LabeledData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop: seeded per-epoch shuffling, mini-batches (the last one may be smaller), forward, softmax
 * cross-entropy, backward, optimiser step with the scheduled learning rate, NaN/Inf checks, throttled batch
 * events, an epoch event with validation metrics, and a checkpoint after every epoch.
 *
 * <p>Determinism: the data order of epoch e is a Fisher-Yates shuffle from {@code seed} and e, dropout masks
 * come from (seed, epoch, batch, layer), weights are initialised from the seed in plain Java, and the ND4J ops
 * used are deterministic for a fixed thread count. So the same seed, data, JDK and thread count give
 * bit-identical weights, and a run resumed from the checkpoint of epoch k equals the uninterrupted run.
 */
final class Trainer {
    /** Receives the state after every completed epoch (for example to write a checkpoint file). */
    @FunctionalInterface
    interface CheckpointSink {
        CheckpointSink NONE = state -> {
        };

        void save(TrainingState state);
    }

    /** The final state and the epoch events of this run (only epochs trained in this call). */
    record Result(TrainingState state, List<EpochEvent> history) {
    }

    static final int EVAL_BATCH = 500;
    /** What a user can do about a diverged run. */
    static final String DIVERGED_HINT = "the weights are not usable; lower the learning rate, or check the data for"
            + " NaN or extreme values";

    /** Makes the augmentation's seeds differ from the dropout masks' (both derive from seed, epoch, batch). */
    private static final long AUGMENT_SALT = 0x41554720L;

    private final TrainableNetwork network;
    private final TrainingSpec spec;
    private final long batchEventIntervalNanos;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final Augmenter augmenter;

    Trainer(TrainableNetwork network, TrainingSpec spec, long batchEventIntervalMillis) {
        this.network = network;
        this.spec = spec;
        this.batchEventIntervalNanos = batchEventIntervalMillis * 1_000_000L;
        this.augmenter = new Augmenter(spec.augmentation());
    }

    Result train(LabeledData train, LabeledData validation, TrainingState resume, TrainingListener listener,
                 TaskMonitor monitor, CheckpointSink sink) {
        int batchSize = spec.batchSize();
        int n = train.count();
        int batches = batchesPerEpoch(n, spec);
        long totalSteps = (long) batches * spec.epochs();
        LearningRateSchedule schedule = new LearningRateSchedule(spec.schedule(), spec.learningRate(), batches, totalSteps);
        ParameterOptimizer optimizer = ParameterOptimizer.forSpec(spec);
        List<Parameter> parameters = network.parameters();
        List<Parameter> binaryWeights = parameters.stream().filter(Parameter::latentBinary).toList();
        int startEpoch = 0;
        long step = 0;
        Map<String, Double> lastMetrics = Map.of();
        if (resume != null) {
            network.importParameters(resume.parameters());
            optimizer.importState(resume.optimizerState(), parameters, resume.stepsDone());
            startEpoch = resume.epochsDone();
            step = resume.stepsDone();
            lastMetrics = resume.metrics();
        }
        List<EpochEvent> history = new ArrayList<>();
        long lastEventNanos = Long.MIN_VALUE / 2;
        for (int epoch = startEpoch; epoch < spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            LabeledData epochData = epochView(train, spec.seed(), epoch);
            Map<String, INDArray> epochStartSigns = signs(binaryWeights);
            double lossSum = 0;
            long correct = 0;
            double stepNanosSum = 0;
            Map<String, Double> plusOneSums = new LinkedHashMap<>();
            double lr = 0;
            for (int b = 0; b < batches; b++) {
                monitor.checkCancelled();
                long stepStart = System.nanoTime();
                int from = b * batchSize;
                int to = Math.min(n, from + batchSize);
                int[] labels = new int[to - from];
                INDArray x = gather(epochData, from, to, labels, augmenter, augmentSeed(spec.seed(), epoch, b));
                lr = schedule.at(step);
                Pass pass = new Pass(true, mix(spec.seed(), epoch, b));
                INDArray logits = network.forward(x, pass);
                SoftmaxCrossEntropy.Result r = loss.compute(logits, labels);
                if (!Double.isFinite(r.loss())) {
                    Optional<String> layer = network.firstNonFiniteLayer(x, pass);
                    throw new TrainingFailedException(String.format(Locale.ROOT,
                            "training diverged at epoch %d batch %d/%d (optimiser step %d): %s; %s", epoch + 1, b + 1,
                            batches, step + 1,
                            layer.map(l -> "layer '" + l + "' produced NaN or Inf").orElse("the loss is " + r.loss()),
                            DIVERGED_HINT), layer.orElse("loss"));
                }
                network.backward(r.gradient());
                boolean last = b == batches - 1;
                boolean report = last || stepStart - lastEventNanos >= batchEventIntervalNanos;
                // the signs before the update, only for a step whose event reports the flips
                Map<String, INDArray> before = report ? signs(binaryWeights) : null;
                optimizer.step(parameters, lr);
                for (Parameter p : parameters) {
                    if (!TrainableNetwork.isFinite(p.value())) {
                        throw new TrainingFailedException(String.format(Locale.ROOT,
                                "training diverged at epoch %d batch %d/%d (optimiser step %d): parameter '%s' of layer"
                                        + " '%s' became NaN or Inf; %s", epoch + 1, b + 1, batches, step + 1, p.name(),
                                p.layer(), DIVERGED_HINT), p.layer());
                    }
                }
                step++;
                NativeMemory.release(step);
                long now = System.nanoTime();
                stepNanosSum += now - stepStart;
                lossSum += r.loss() * labels.length;
                correct += r.correct();
                Map<String, Double> plusOne = network.plusOneRates();
                plusOne.forEach((k, v) -> plusOneSums.merge(k, v, Double::sum));
                if (report) {
                    lastEventNanos = now;
                    listener.onBatch(new BatchEvent(epoch, b, batches, step - 1, totalSteps, r.loss(),
                            r.correct() / (double) labels.length, lr, plusOne, flipRates(binaryWeights, before),
                            (now - stepStart) / 1e6));
                }
                monitor.progress(step / (double) totalSteps, String.format(Locale.ROOT,
                        "epoch %d/%d batch %d/%d loss %.4f", epoch + 1, spec.epochs(), b + 1, batches, r.loss()));
            }
            double[] val = validation == null || validation.count() == 0 ? new double[] {Double.NaN, Double.NaN}
                    : evaluateLoss(network, validation, monitor);
            Map<String, Double> plusOneMeans = new LinkedHashMap<>();
            plusOneSums.forEach((k, v) -> plusOneMeans.put(k, v / batches));
            EpochEvent event = new EpochEvent(epoch, spec.epochs(), lossSum / n, correct / (double) n, val[0], val[1],
                    lr, plusOneMeans, flipRates(binaryWeights, epochStartSigns), (System.nanoTime() - epochStart) / 1e9,
                    stepNanosSum / batches / 1e6);
            history.add(event);
            lastMetrics = new LinkedHashMap<>();
            lastMetrics.put("trainLoss", event.trainLoss());
            lastMetrics.put("trainAccuracy", event.trainAccuracy());
            if (!Double.isNaN(val[0])) {
                lastMetrics.put("validationLoss", val[0]);
                lastMetrics.put("validationAccuracy", val[1]);
            }
            TrainingState state = new TrainingState(network.exportParameters(), optimizer.exportState(), epoch + 1,
                    step, lastMetrics);
            sink.save(state);
            listener.onEpoch(event);
        }
        return new Result(new TrainingState(network.exportParameters(), optimizer.exportState(), spec.epochs(), step,
                lastMetrics), history);
    }

    /** Optimiser steps per epoch over {@code examples} training examples: the last batch may be smaller. */
    static int batchesPerEpoch(int examples, TrainingSpec spec) {
        return (examples + spec.batchSize() - 1) / spec.batchSize();
    }

    /** Mean loss and accuracy in inference mode, in batches of {@value #EVAL_BATCH}. */
    static double[] evaluateLoss(TrainableNetwork network, LabeledData data, TaskMonitor monitor) {
        double lossSum = 0;
        long correct = 0;
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        for (int from = 0; from < data.count(); from += EVAL_BATCH) {
            monitor.checkCancelled();
            int to = Math.min(data.count(), from + EVAL_BATCH);
            int[] labels = new int[to - from];
            INDArray x = gather(data, from, to, labels);
            SoftmaxCrossEntropy.Result r = ce.compute(network.forward(x, Pass.INFERENCE), labels);
            lossSum += r.loss() * labels.length;
            correct += r.correct();
            NativeMemory.release(from / EVAL_BATCH + 1);
        }
        return new double[] {lossSum / data.count(), correct / (double) data.count()};
    }

    /** Examples {@code from..to-1} as an NCHW batch, unchanged (evaluation); fills labels. */
    static INDArray gather(LabeledData data, int from, int to, int[] labels) {
        return gather(data, from, to, labels, null, 0);
    }

    /**
     * Examples {@code from..to-1} as an NCHW batch, each augmented by {@code augmenter} (null: unchanged) with
     * seeds from {@code batchSeed}; fills labels.
     */
    static INDArray gather(LabeledData data, int from, int to, int[] labels, Augmenter augmenter, long batchSeed) {
        int size = data.exampleSize();
        float[] values = new float[(to - from) * size];
        data.batch(from, to, values, labels, augmenter, batchSeed);
        var s = data.exampleShape();
        long[] shape = s.flat() ? new long[] {to - from, s.channels()}
                : new long[] {to - from, s.channels(), s.height(), s.width()};
        return Nd4j.create(values, shape, 'c');
    }

    /**
     * The training examples in the order of epoch {@code epoch} (a view: batches are read, and read ahead, in that
     * order).
     */
    static LabeledData epochView(LabeledData train, long seed, int epoch) {
        return train.subset(shuffledOrder(train.count(), seed, epoch), train.name() + " epoch " + (epoch + 1));
    }

    /** The seed the augmentation of batch {@code batch} of epoch {@code epoch} draws from. */
    static long augmentSeed(long seed, int epoch, int batch) {
        return mix(seed, epoch, batch) ^ AUGMENT_SALT;
    }

    static int[] shuffledOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static long mix(long seed, int epoch, int batch) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + batch;
        return h ^ (h >>> 29);
    }

    private static Map<String, INDArray> signs(List<Parameter> binaryWeights) {
        Map<String, INDArray> signs = new LinkedHashMap<>();
        for (Parameter p : binaryWeights) {
            signs.put(p.layer(), p.value().gte(0));
        }
        return signs;
    }

    private static Map<String, Double> flipRates(List<Parameter> binaryWeights, Map<String, INDArray> before) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Parameter p : binaryWeights) {
            INDArray now = p.value().gte(0);
            INDArray was = before.get(p.layer());
            double flips = now.neq(was).castTo(p.value().dataType()).sumNumber().doubleValue();
            rates.put(p.layer(), flips / p.value().length());
        }
        return rates;
    }
}
