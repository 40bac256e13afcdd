package dev.bitflow.engine.api;

/**
 * How long-running engine work (training, fusion, verification, I/O of large files) reports progress and
 * learns that it should stop. Implementations must be thread-safe: the engine calls them from its worker
 * threads; a GUI marshals to its own thread.
 */
public interface TaskMonitor {
    /** A monitor that ignores progress and is never cancelled. */
    TaskMonitor NONE = new TaskMonitor() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /**
     * Reports progress.
     *
     * @param fraction done so far, 0..1, or negative when unknown
     * @param message  what is being done, short, for a status line
     */
    void progress(double fraction, String message);

    boolean isCancelled();

    /** Throws {@link CancelledException} if cancelled; call at safe points. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException("cancelled");
        }
    }
}
