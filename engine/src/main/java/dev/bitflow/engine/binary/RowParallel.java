package dev.bitflow.engine.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Splits {@code [0, n)} into {@code threads} contiguous ranges (output rows, or output units) and runs
 * them: the first range on the calling thread, the others on the supplied executor; waits for all. No
 * pool of its own: the caller owns the executor and its lifetime.
 */
public final class RowParallel {
    /** Work on one contiguous range {@code [from, to)}. */
    public interface RangeTask {
        void run(int from, int to);
    }

    private RowParallel() {
    }

    public static void run(ExecutorService executor, int threads, int n, RangeTask task) {
        int parts = Math.min(threads, n);
        if (parts <= 1 || executor == null) {
            task.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            futures.add(executor.submit(() -> task.run(from, to)));
        }
        task.run(0, (int) ((long) n / parts));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
