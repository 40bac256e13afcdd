package dev.bitflow.engine.api;

/** Long work stopped because its {@link TaskMonitor} was cancelled. Nothing partial was kept. */
public class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message);
    }
}
