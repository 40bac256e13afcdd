package dev.bitflow.engine.train;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.memory.MemoryEstimate;
import dev.bitflow.engine.model.ShapeInference;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory one training run holds at its peak, from the definition alone (no ND4J call), following what the
 * layers of this package allocate per step with a batch of B examples (float32, 4 bytes per value):
 * <ul>
 *   <li>conv2d ({@link Conv2dLayer}) with input I, output O and patch matrix P = B * oh * ow * c * k * k values:
 *       {@code 2P + 3O + I}. This was exact for the im2col + GEMM layer it was measured on (patches, GEMM rows, NCHW
 *       copy; patch gradient, gradient copy, input gradient). The conv2d ops the layer now runs materialise no
 *       patch matrix (output, input gradient, and oneDNN's copies into its blocked layouts), so for conv layers the
 *       figure is an upper bound, kept until it is measured again;</li>
 *   <li>dense and pooling: output and input gradient, {@code O + I};</li>
 *   <li>batchnorm, sign, relu, dropout, flatten: {@code 6 X} for a tensor of X values (centred values, their
 *       square, normalised values, output, and as many in the backward pass).</li>
 * </ul>
 * ND4J frees a step's memory only when its Java wrappers are garbage collected, which training asks for every
 * {@value NativeMemory#INTERVAL} steps ({@link NativeMemory}), and the collection is concurrent; the
 * activations are therefore counted {@value #STEPS_ALIVE} times (twice the interval: measured, fashion-bcnn
 * with batch 128 peaked at 2.65 GB resident against 2.4 GB estimated plus the 0.5 GB the JVM holds before
 * training). Parameters, gradients and optimiser state (2 values per trainable
 * parameter for Adam, 1 for SGD with momentum) stay allocated; each checkpoint copies parameters and
 * optimiser state to the Java heap twice (tensors, then the file's bytes).
 */
public final class TrainingMemory {
    private static final long FLOAT = Float.BYTES;
    /** How many steps' activations can be allocated at once (see the class comment). */
    static final int STEPS_ALIVE = 2 * NativeMemory.INTERVAL;

    private TrainingMemory() {
    }

    /**
     * The estimate for training {@code d} with its own batch size and optimiser.
     *
     * @throws BadInputException if the shapes do not work out, or the estimate exceeds what a long counts
     */
    public static MemoryEstimate estimate(NetworkDefinition d) {
        try {
            return count(d);
        } catch (ArithmeticException e) {
            throw new BadInputException("training '" + d.name() + "' would need more than "
                    + dev.bitflow.engine.api.io.ReadLimits.format(Long.MAX_VALUE) + " of memory");
        }
    }

    private static MemoryEstimate count(NetworkDefinition d) {
        List<DesignIssue> issues = new ArrayList<>();
        List<LayerShape> shapes = ShapeInference.infer(d, issues);
        for (DesignIssue issue : issues) {
            if (issue.severity() == Severity.ERROR) {
                throw new BadInputException("no memory estimate for '" + d.name() + "': " + issue.message());
            }
        }
        long b = d.training().batchSize();
        long trainable = 0;
        long statistics = 0;
        long step = 0;
        for (int i = 0; i < shapes.size(); i++) {
            LayerSpec layer = d.layers().get(i);
            Shape in = shapes.get(i).input();
            Shape out = shapes.get(i).output();
            long inValues = Math.multiplyExact(b, in.size());
            long outValues = Math.multiplyExact(b, out.size());
            if (layer instanceof Conv2dSpec c) {
                long k2 = (long) c.kernel() * c.kernel();
                trainable = Math.addExact(trainable, Math.addExact(Math.multiplyExact((long) c.filters(),
                        Math.multiplyExact(in.channels(), k2)), c.bias() ? c.filters() : 0));
                long patches = Math.multiplyExact(Math.multiplyExact(b, (long) out.height() * out.width()),
                        Math.multiplyExact(in.channels(), k2));
                step = Math.addExact(step, Math.addExact(Math.multiplyExact(2, patches),
                        Math.addExact(Math.multiplyExact(3, outValues), inValues)));
            } else if (layer instanceof DenseSpec dn) {
                trainable = Math.addExact(trainable, Math.addExact(Math.multiplyExact(in.size(), dn.units()),
                        dn.bias() ? dn.units() : 0));
                step = Math.addExact(step, Math.addExact(outValues, inValues));
            } else if (layer instanceof MaxPoolSpec || layer instanceof AvgPoolSpec) {
                step = Math.addExact(step, Math.addExact(outValues, inValues));
            } else {
                if (layer instanceof BatchNormSpec bn) {
                    trainable = Math.addExact(trainable, (bn.learnGamma() ? 2L : 1L) * in.channels());
                    statistics = Math.addExact(statistics, 2L * in.channels());
                }
                step = Math.addExact(step, Math.multiplyExact(6, outValues));
            }
        }
        long slots = d.training().optimizer() == Optimizer.ADAM ? 2 : 1;
        long parameters = Math.multiplyExact(FLOAT, Math.addExact(trainable, statistics));
        long optimizer = Math.multiplyExact(FLOAT * slots, trainable);
        long activations = Math.multiplyExact(FLOAT * STEPS_ALIVE, step);
        long heap = Math.multiplyExact(2, Math.addExact(parameters, optimizer));
        return new MemoryEstimate(parameters, Math.multiplyExact(FLOAT, trainable), optimizer, activations, heap,
                (int) b);
    }
}
