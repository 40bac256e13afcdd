package dev.bitflow.engine.api.memory;

import dev.bitflow.engine.api.io.ReadLimits;

/**
 * What training one network is expected to hold in memory at its peak, in bytes (float32 values, 4 bytes
 * each), split as a reader can check it:
 *
 * @param parameters     weights, biases and BatchNorm parameters and running statistics (ND4J, off-heap)
 * @param gradients      one gradient per trainable parameter (off-heap)
 * @param optimizerState Adam's two moments or SGD's momentum per trainable parameter (off-heap)
 * @param activations    what one training step of a batch allocates: forward outputs kept for the backward
 *                       pass, im2col patch matrices of convolutions and their gradients, BatchNorm and sign
 *                       intermediates, times the steps whose memory can be alive before it is collected
 *                       (off-heap)
 * @param heap           the Java heap copies of parameters and optimiser state written to each checkpoint
 * @param batchSize      the batch size the activations are for
 */
public record MemoryEstimate(long parameters, long gradients, long optimizerState, long activations, long heap,
                             int batchSize) {
    /** The whole estimate. */
    public long total() {
        return Math.addExact(Math.addExact(Math.addExact(parameters, gradients), Math.addExact(optimizerState,
                activations)), heap);
    }

    /** One line: {@code 1.2 GB (parameters 12.0 MB, gradients ..., activations for a batch of 128 ...)}. */
    public String summary() {
        return ReadLimits.format(total()) + " (" + parts() + ")";
    }

    /** The parts: {@code parameters 12.0 MB, gradients ..., activations for a batch of 128 ...}. */
    public String parts() {
        return "parameters " + ReadLimits.format(parameters) + ", gradients " + ReadLimits.format(gradients)
                + ", optimiser state " + ReadLimits.format(optimizerState) + ", activations for a batch of "
                + batchSize + " " + ReadLimits.format(activations) + ", checkpoint copies " + ReadLimits.format(heap);
    }
}
