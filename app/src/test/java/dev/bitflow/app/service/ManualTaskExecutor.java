package dev.bitflow.app.service;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A task executor for ViewModel tests that holds the work until {@link #runAll()}: a test can look at the
 * busy state, cancel, then let the work run (inline, callbacks inline too).
 */
public final class ManualTaskExecutor extends AbstractTaskExecutor {
    private final Deque<Runnable> queued = new ArrayDeque<>();

    public ManualTaskExecutor() {
        super(Runnable::run);
    }

    @Override
    void runInBackground(Runnable job) {
        queued.add(job);
    }

    /** Runs every queued job (and any they queue) in order. */
    public void runAll() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    /** Runs the queued job at {@code index} (0: the oldest) only. */
    public void runOne(int index) {
        java.util.List<Runnable> jobs = new java.util.ArrayList<>(queued);
        Runnable job = jobs.remove(index);
        queued.clear();
        queued.addAll(jobs);
        job.run();
    }

    public int pending() {
        return queued.size();
    }

    @Override
    public void close() {
        queued.clear();
    }
}
