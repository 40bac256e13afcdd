package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.XnorConv2d;
import java.util.concurrent.ExecutorService;

/** The kernel instances a fused network runs with (threads, executor). */
public record FusedKernels(XnorConv2d conv, BinaryDense dense) {
    /** One thread. */
    public static FusedKernels singleThreaded() {
        return new FusedKernels(new XnorConv2d(), new BinaryDense());
    }

    /** {@code threads} threads on {@code executor} (null allowed for one thread). */
    public static FusedKernels withThreads(int threads, ExecutorService executor) {
        return new FusedKernels(new XnorConv2d(threads, executor), new BinaryDense(threads, executor));
    }
}
