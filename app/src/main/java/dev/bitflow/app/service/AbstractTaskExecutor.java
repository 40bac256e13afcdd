package dev.bitflow.app.service;

import dev.bitflow.engine.api.CancelledException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The common part: run the work with a handle as its monitor, then route the outcome to the callbacks. */
abstract class AbstractTaskExecutor implements TaskExecutor {
    private final Executor uiThread;
    private final ReadOnlyObjectWrapper<TaskHandle> current = new ReadOnlyObjectWrapper<>();
    /** Tasks started and not finished, oldest first (touched on the UI thread only). */
    private final java.util.List<TaskHandle> running = new java.util.ArrayList<>();

    AbstractTaskExecutor(Executor uiThread) {
        this.uiThread = uiThread;
    }

    /** Runs {@code job} on a worker thread. */
    abstract void runInBackground(Runnable job);

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        TaskHandle handle = new TaskHandle(task.title(), task.isInStatusLine(), uiThread);
        running.add(handle);
        current.set(handle);
        task.startedHandler().accept(handle);
        runInBackground(() -> {
            T result;
            try {
                result = task.work().run(handle);
            } catch (CancelledException | CancellationException e) {
                uiThread.execute(() -> finish(handle, task, TaskHandle.Outcome.CANCELLED, task.cancelledHandler()));
                return;
            } catch (Throwable e) {
                if (handle.isCancelled()) {
                    uiThread.execute(() -> finish(handle, task, TaskHandle.Outcome.CANCELLED, task.cancelledHandler()));
                } else {
                    uiThread.execute(() -> finish(handle, task, TaskHandle.Outcome.FAILED, () -> task.failureHandler().accept(e)));
                }
                return;
            }
            T value = result;
            uiThread.execute(() -> finish(handle, task, TaskHandle.Outcome.SUCCEEDED, () -> task.successHandler().accept(value)));
        });
        return handle;
    }

    private void finish(TaskHandle handle, BackgroundTask<?> task, TaskHandle.Outcome how, Runnable outcome) {
        handle.finished(how);
        running.remove(handle);
        if (current.get() == handle) {
            // Back to the newest task still running (a training that outlives a short task started after it).
            current.set(running.isEmpty() ? null : running.get(running.size() - 1));
        }
        try {
            outcome.run();
        } finally {
            task.finishedHandler().run();
        }
    }

    @Override
    public Executor uiThread() {
        return uiThread;
    }

    @Override
    public ReadOnlyObjectProperty<TaskHandle> currentTaskProperty() {
        return current.getReadOnlyProperty();
    }
}
