package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.ConvGeometry;

/**
 * What a bench stage holds while it is timed, in bytes, for the budget check made before any stage allocates:
 * the float form's input, weights (and the random latent values they are drawn from), output and, for a
 * conv, the im2col patch matrix ND4J's conv2d builds ({@code C k^2 x oh ow} floats); the binary form's packed
 * weights, input and output (one bit per value). Values are float32 (4 bytes).
 */
final class BenchMemory {
    private static final long FLOAT = Float.BYTES;

    private BenchMemory() {
    }

    static long conv(ConvGeometry g) {
        long in = (long) g.inChannels() * g.inH() * g.inW();
        long weights = (long) g.outChannels() * g.fullK();
        long out = (long) g.outChannels() * g.outH() * g.outW();
        long patches = (long) g.fullK() * g.outH() * g.outW();
        return FLOAT * (in + 2 * weights + 2 * out + patches) + (in + weights + out) / 8;
    }

    static long dense(long inputs, long outputs) {
        long weights = inputs * outputs;
        return FLOAT * (inputs + 2 * weights + outputs) + (inputs + weights + outputs) / 8;
    }

    static long pool(long channels, long height, long width) {
        long in = channels * height * width;
        return FLOAT * 2 * in + in / 4;
    }
}
