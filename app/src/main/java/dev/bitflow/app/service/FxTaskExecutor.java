package dev.bitflow.app.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * Runs work on a small pool of daemon threads (low priority, so the JavaFX pulse keeps its core) and the
 * callbacks with {@link Platform#runLater}.
 */
public final class FxTaskExecutor extends AbstractTaskExecutor {
    private final ExecutorService workers;

    public FxTaskExecutor() {
        super(Platform::runLater);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bitflow-task-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    @Override
    void runInBackground(Runnable job) {
        workers.execute(job);
    }

    @Override
    public void close() {
        TaskHandle running = currentTaskProperty().get();
        if (running != null) {
            running.cancel();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
