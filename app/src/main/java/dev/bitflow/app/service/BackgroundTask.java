package dev.bitflow.app.service;

import dev.bitflow.engine.api.TaskMonitor;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A unit of long work (training, fusion, file I/O) that runs off the JavaFX thread. The work itself gets
 * a {@link TaskMonitor} that it hands to the engine; the callbacks run on the UI thread of the
 * {@link TaskExecutor} that runs it.
 *
 * @param <T> the result
 */
public final class BackgroundTask<T> {
    /** The work: reports progress through the monitor and stops when it is cancelled. */
    @FunctionalInterface
    public interface Work<T> {
        T run(TaskMonitor monitor) throws Exception;
    }

    private final String title;
    private final Work<T> work;
    private Consumer<T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };
    private Consumer<TaskHandle> onStarted = h -> { };
    private boolean inStatusLine;

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<T> onSuccess(Consumer<T> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onCancelled(Runnable action) {
        this.onCancelled = Objects.requireNonNull(action);
        return this;
    }

    /** Runs on the UI thread before the work starts, with the handle (to cancel it later). */
    public BackgroundTask<T> onStarted(Consumer<TaskHandle> action) {
        this.onStarted = Objects.requireNonNull(action);
        return this;
    }

    /** Runs after success, failure or cancellation. */
    public BackgroundTask<T> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    /**
     * Marks a long action the user started (training, evaluation, fusion, a report, an export): the window's status
     * line says when it starts, replacing what the previous action said, and how it ended (see
     * {@code MainViewModel}); the task's own progress shows beside it. Housekeeping work (warm-ups, look-ups)
     * stays out of the status line.
     */
    public BackgroundTask<T> inStatusLine() {
        this.inStatusLine = true;
        return this;
    }

    public String title() {
        return title;
    }

    boolean isInStatusLine() {
        return inStatusLine;
    }

    Work<T> work() {
        return work;
    }

    Consumer<T> successHandler() {
        return onSuccess;
    }

    Consumer<Throwable> failureHandler() {
        return onFailure;
    }

    Runnable cancelledHandler() {
        return onCancelled;
    }

    Consumer<TaskHandle> startedHandler() {
        return onStarted;
    }

    Runnable finishedHandler() {
        return onFinished;
    }

    /** The text to show for a failure: its message, or its type when it has none. */
    public static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
