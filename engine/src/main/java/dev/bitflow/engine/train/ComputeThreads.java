package dev.bitflow.engine.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of CPU threads ND4J's native ops (OpenMP) and its BLAS (OpenBLAS) use. Process-wide by nature
 * (ND4J has one native backend per process). One thread gives reproducible results and, on an oversubscribed
 * machine, is much faster than spinning OpenMP barriers (decision 0022).
 */
final class ComputeThreads {
    private ComputeThreads() {
    }

    static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        Nd4j.factory().blas().setMaxThreads(threads); // initialises the backend before NativeOpsHolder
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
}
