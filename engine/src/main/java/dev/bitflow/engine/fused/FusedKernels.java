package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.XnorConv2d;

/** The kernel instances a fused network runs with (threads, executor). */
public record FusedKernels(XnorConv2d conv, BinaryDense dense) {
    /** One thread. */
    public static FusedKernels singleThreaded() {
        return new FusedKernels(new XnorConv2d(), new BinaryDense());
    }
}
