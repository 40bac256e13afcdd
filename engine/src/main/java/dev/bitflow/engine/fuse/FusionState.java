package dev.bitflow.engine.fuse;

import dev.bitflow.engine.binary.PackedConvWeights;
import dev.bitflow.engine.binary.PackedDenseWeights;
import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.fused.FusedLayer;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.fused.FusedOutputLayer;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fusion passes know so far about one network, keyed by block index. Each pass fills in its
 * part; the last one assembles the {@link FusedNetwork}. Used by one pipeline run on one thread.
 */
public final class FusionState {
    final TrainedNetwork network;
    List<FusionBlock> blocks = List.of();
    final Map<Integer, LayerParameters> linear = new HashMap<>();
    final Map<Integer, BnParameters> batchNorm = new HashMap<>();
    final Map<Integer, BatchShift> shifts = new HashMap<>();
    FloatThreshold firstThreshold;
    /** Per block: AND mask of the pools before BatchNorm (null: OR everywhere). */
    final Map<Integer, long[]> preBnAndMask = new HashMap<>();
    final Map<Integer, PackedConvWeights> convWeights = new HashMap<>();
    final Map<Integer, PackedDenseWeights> denseWeights = new HashMap<>();
    final List<FusedLayer> fused = new ArrayList<>();
    FusedOutputLayer output;

    /** An empty state for {@code network}; the passes fill it, or a {@code .bff} reader puts what the file holds. */
    public FusionState(TrainedNetwork network) {
        this.network = network;
    }

    public TrainedNetwork network() {
        return network;
    }

    public List<FusionBlock> blocks() {
        return blocks;
    }

    public void putBlocks(List<FusionBlock> planned) {
        blocks = List.copyOf(planned);
    }

    public void putLinear(int block, LayerParameters parameters) {
        linear.put(block, parameters);
    }

    public void putBatchNorm(int block, BnParameters parameters) {
        batchNorm.put(block, parameters);
    }

    public void putShift(int block, BatchShift shift) {
        shifts.put(block, shift);
    }

    public void putFirstThreshold(FloatThreshold threshold) {
        firstThreshold = threshold;
    }

    public PackedConvWeights convWeights(int block) {
        return convWeights.get(block);
    }

    public void putConvWeights(int block, PackedConvWeights weights) {
        convWeights.put(block, weights);
    }

    public PackedDenseWeights denseWeights(int block) {
        return denseWeights.get(block);
    }

    public void putDenseWeights(int block, PackedDenseWeights weights) {
        denseWeights.put(block, weights);
    }

    /** The fused network the last pass assembled. */
    public FusedNetwork fusedNetwork() {
        return new FusedNetwork(network.definition(), fused);
    }

    public BatchShift shift(int block) {
        return shifts.get(block);
    }

    public FloatThreshold firstThreshold() {
        return firstThreshold;
    }

    public BnParameters batchNorm(int block) {
        return batchNorm.get(block);
    }

    public LayerParameters linear(int block) {
        return linear.get(block);
    }
}
