package dev.bitflow.app.service;

/**
 * Runs the work and its callbacks inline on the calling thread: ViewModel tests see the outcome as soon as
 * {@link #execute} returns, without a JavaFX toolkit.
 */
public final class SameThreadTaskExecutor extends AbstractTaskExecutor {
    public SameThreadTaskExecutor() {
        super(Runnable::run);
    }

    @Override
    void runInBackground(Runnable job) {
        job.run();
    }

    @Override
    public void close() {
    }
}
