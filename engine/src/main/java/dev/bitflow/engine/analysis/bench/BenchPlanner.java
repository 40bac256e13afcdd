package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TensorSize;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.XnorConv2d;
import dev.bitflow.engine.memory.DefaultMemoryService;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a network's layer list into bench stages, as the fused network runs it: the first conv is a
 * float conv + threshold, later convs and dense layers binary (their BN + sign fused into the threshold),
 * max-pools on bits, the last weighted layer float additions on ±1 inputs. BN, sign, flatten, dropout and
 * softmax have no stage of their own (fused, free, or not needed for class scores). Anything the fused
 * path cannot run is a {@link BadInputException} naming the layer.
 */
final class BenchPlanner {
    private final XnorConv2d conv;
    private final BinaryDense dense;
    private final long seed;
    private final DefaultMemoryService memory;
    private long held;

    BenchPlanner(XnorConv2d conv, BinaryDense dense, long seed, DefaultMemoryService memory) {
        this.conv = conv;
        this.dense = dense;
        this.seed = seed;
        this.memory = memory;
    }

    /** Every stage stays allocated until the end-to-end run: checks the running total before each one. */
    private void requireMemory(String source, long bytes) {
        held = Math.addExact(held, bytes);
        memory.require("bench of " + source, held, null, "bench a smaller network");
    }

    List<BenchStage> plan(String source, Shape input, List<LayerSpec> layers) {
        int lastWeighted = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Conv2dSpec || layers.get(i) instanceof DenseSpec) {
                lastWeighted = i;
            }
        }
        List<BenchStage> stages = new ArrayList<>();
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        boolean first = true;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String where = source + ", layer " + layer.name();
            long layerSeed = seed * 1_000_003L + i;
            if (layer instanceof Conv2dSpec spec) {
                ConvGeometry g;
                try {
                    g = new ConvGeometry(c, h, w, spec.filters(), spec.kernel(), spec.stride(), spec.padding());
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(where + ": " + e.getMessage(), e);
                }
                requireMemory(source, BenchMemory.conv(g));
                if (first) {
                    stages.add(new FirstConvStage(layer.name(), g, layerSeed));
                } else if (spec.weights() == Precision.BINARY) {
                    stages.add(new BinaryConvStage(layer.name(), g, layerSeed, conv));
                } else {
                    throw new BadInputException(where + ": a float conv after the first layer has no bit-level form");
                }
                c = g.outChannels();
                h = g.outH();
                w = g.outW();
                first = false;
            } else if (layer instanceof DenseSpec spec) {
                int inputs;
                try {
                    inputs = TensorSize.elements("dense input", c, h, w);
                    TensorSize.elements("dense weights", inputs, spec.units());
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(where + ": " + e.getMessage(), e);
                }
                if (first) {
                    throw new BadInputException(where + ": bench needs a conv first layer (a dense first layer on the raw input is not supported)");
                }
                requireMemory(source, BenchMemory.dense(inputs, spec.units()));
                if (i == lastWeighted) {
                    stages.add(new LastDenseStage(layer.name(), inputs, spec.units(), layerSeed));
                } else if (spec.weights() == Precision.BINARY) {
                    stages.add(new BinaryDenseStage(layer.name(), inputs, spec.units(), layerSeed, dense));
                } else {
                    throw new BadInputException(where + ": a float dense layer before the last layer has no bit-level form");
                }
                c = spec.units();
                h = 1;
                w = 1;
            } else if (layer instanceof MaxPoolSpec spec) {
                if (spec.size() > h || spec.size() > w) {
                    throw new BadInputException(where + ": pool " + spec.size() + " larger than its input " + h + "x" + w);
                }
                BitPoolStage pool = new BitPoolStage(layer.name(), c, h, w, spec.size(), spec.stride());
                if (first) {
                    throw new BadInputException(where + ": bench needs a conv before the first pool");
                }
                requireMemory(source, BenchMemory.pool(c, h, w));
                stages.add(pool);
                h = pool.outH();
                w = pool.outW();
            } else if (layer instanceof AvgPoolSpec) {
                throw new BadInputException(where + ": average pooling has no exact bit-level form");
            } else if (!(layer instanceof BatchNormSpec || layer instanceof SignSpec || layer instanceof FlattenSpec
                    || layer instanceof DropoutSpec || layer instanceof SoftmaxSpec)) {
                throw new BadInputException(where + ": layer type '" + layer.type() + "' is not part of a fused BCNN");
            }
        }
        if (stages.isEmpty()) {
            throw new BadInputException(source + ": no conv or dense layer to bench");
        }
        return stages;
    }
}
