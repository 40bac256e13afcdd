package dev.bitflow.app.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * Runs work on a small pool of daemon threads at a lower OS priority (so the JavaFX and render threads get the
 * CPU whenever they need it) and the callbacks with {@link Platform#runLater}.
 */
public final class FxTaskExecutor extends AbstractTaskExecutor {
    private final ExecutorService workers;

    public FxTaskExecutor() {
        super(Platform::runLater);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(() -> {
                lowerPriority();
                r.run();
            }, "bitflow-task-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /**
     * Java priorities are ignored on Linux, where a training thread at the default priority makes the JavaFX
     * and render threads wait for the CPU (pulse gaps over 100 ms on two cores); see {@link OsThreadPriority}.
     */
    private static void lowerPriority() {
        String problem = OsThreadPriority.lowerCurrentThread();
        if (problem != null && !problem.contains("not Linux")) {
            System.getLogger(FxTaskExecutor.class.getName()).log(System.Logger.Level.WARNING,
                    "background work keeps the default OS priority: " + problem);
        }
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
