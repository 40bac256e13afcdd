package dev.bitflow.app.cli;

import java.util.function.LongSupplier;

/**
 * A long command's live status on stderr. On a terminal: one line redrawn in place with a carriage return. Not on
 * a terminal (a log file, a pipe): the status as a plain line at most every {@value #PLAIN_INTERVAL_SECONDS} s, so
 * a log holds readable lines, no carriage returns. Permanent lines ({@link #println}) appear in both.
 */
final class StatusLine {
    static final int PLAIN_INTERVAL_SECONDS = 10;

    private final ConsoleWriter err;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private int shownLength;
    private long lastPlainNanos;
    private boolean anyPlain;

    StatusLine(CliContext context) {
        this(context.err(), context.errIsTerminal(), System::nanoTime);
    }

    StatusLine(ConsoleWriter err, boolean terminal, LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    /** Shows {@code status} (on a terminal over the previous status; otherwise now and then as a line). */
    synchronized void update(String status) {
        if (terminal) {
            err.redraw(status + " ".repeat(Math.max(0, shownLength - status.length())));
            shownLength = status.length();
            return;
        }
        long now = nanoClock.getAsLong();
        if (!anyPlain || now - lastPlainNanos >= PLAIN_INTERVAL_SECONDS * 1_000_000_000L) {
            anyPlain = true;
            lastPlainNanos = now;
            err.println(status);
        }
    }

    /**
     * A new phase of the command starts (reading data is done, training begins): off a terminal its first status
     * is printed at once, however recently the last phase printed one.
     */
    synchronized void newPhase() {
        anyPlain = false;
    }

    /** Removes the status (on a terminal) so the next output starts on a clean line. */
    synchronized void clear() {
        if (terminal && shownLength > 0) {
            err.redraw(" ".repeat(shownLength));
            err.redraw("");
            shownLength = 0;
        }
    }

    /** A line that stays: the status is cleared first. */
    synchronized void println(String line) {
        clear();
        err.println(line);
    }
}
