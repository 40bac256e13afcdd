package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work over the examples {@code [0, n)} split into contiguous ranges, one per thread (a pool created and shut
 * down per call; one range runs on the calling thread when there is one thread), and hands back each range's
 * result in example order, so that merging them gives the same answer whatever the number of threads. A failure in
 * a range is rethrown as it is.
 */
public final class ExampleRanges {
    /** The work of one range {@code [from, to)}. */
    public interface Work<T> {
        T run(int from, int to);
    }

    private ExampleRanges() {
    }

    public static <T> List<T> run(int n, int threads, Work<T> work) {
        if (threads <= 1) {
            return java.util.Collections.singletonList(work.run(0, n)); // the result may be null (work kept in arrays)
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) n * t / threads);
                int to = (int) ((long) n * (t + 1) / threads);
                parts.add(pool.submit(() -> work.run(from, to)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : parts) {
                results.add(get(f));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
