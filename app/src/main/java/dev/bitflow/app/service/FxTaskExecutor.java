package dev.bitflow.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * Runs work on a small pool of daemon threads at a lower OS priority (so the JavaFX and render threads get the
 * CPU whenever they need it) and the callbacks with {@link Platform#runLater}.
 *
 * <p>An executor made by {@link #heldUntilReleased()} accepts tasks at once (their handles, titles and "loading"
 * states show immediately) but starts their work only at {@link #release()}, in the order they came. The window
 * uses it so that what the ViewModels start while it is built (the numeric backend's native libraries, data set
 * headers, the bundled model, the runs list) does not compete for the CPU with the path to the first frame.
 */
public final class FxTaskExecutor extends AbstractTaskExecutor {
    private final ExecutorService workers;
    /** Work accepted before {@link #release()}; null once released (guarded by {@code this}). */
    private List<Runnable> held;

    /** An executor that starts work as soon as it is given. */
    public FxTaskExecutor() {
        this(false);
    }

    /** An executor that keeps the work it is given until {@link #release()}. */
    public static FxTaskExecutor heldUntilReleased() {
        return new FxTaskExecutor(true);
    }

    private FxTaskExecutor(boolean hold) {
        super(Platform::runLater);
        this.held = hold ? new ArrayList<>() : null;
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
        synchronized (this) {
            if (held != null) {
                held.add(job);
                return;
            }
        }
        workers.execute(job);
    }

    /** Starts the work held so far, oldest first, and from now on all work at once. Idempotent. */
    public synchronized void release() {
        if (held != null) {
            held.forEach(workers::execute); // under the lock: nothing given meanwhile can overtake them
            held = null;
        }
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
