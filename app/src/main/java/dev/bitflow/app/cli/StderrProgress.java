package dev.bitflow.app.cli;

import dev.bitflow.engine.api.TaskMonitor;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a long command on stderr: one line {@code "<command>: NN% message"} whenever another tenth of
 * the work is done. Cancelled when the calling thread is interrupted.
 */
final class StderrProgress implements TaskMonitor {
    private final PrintWriter err;
    private final String command;
    private int reportedTenth = -1;

    StderrProgress(PrintWriter err, String command) {
        this.err = err;
        this.command = command;
    }

    @Override
    public synchronized void progress(double fraction, String message) {
        int tenth = (int) Math.floor(fraction * 10);
        if (fraction >= 0 && tenth > reportedTenth) {
            reportedTenth = tenth;
            err.printf(Locale.ROOT, "%s: %3.0f%% %s%n", command, 100 * fraction, message);
            err.flush();
        }
    }

    @Override
    public boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }
}
