package dev.bitflow.app.view;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;

/**
 * Watches the JavaFX pulse from an {@link AnimationTimer}: the longest wall-clock gap between two pulses,
 * and the longest time the FX thread itself spent between two pulses working (CPU time) or blocked on a
 * monitor. A wall gap with little work or blocking means the OS did not schedule the thread (a busy
 * machine); work or blocking means the app stalled its own UI. Start and stop it on the FX thread.
 *
 * <p>Tests print these figures and assert on the pulse count only: a wall-clock bound would measure the
 * machine's load as much as the app.
 */
final class PulseWatch extends AnimationTimer {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> longGaps = new ArrayList<>();
    private long fxThreadId = -1;
    private long lastWall;
    private long lastCpu;
    private long lastBlocked;
    private long maxWallNanos;
    private long maxOwnNanos;
    /** Written on the FX thread, read by the work a test runs in the background. */
    private volatile long pulses;
    private long startedAt;

    PulseWatch() {
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
    }

    @Override
    public void start() {
        fxThreadId = Thread.currentThread().getId();
        startedAt = System.nanoTime();
        super.start();
    }

    @Override
    public void handle(long now) {
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        ThreadInfo info = threads.getThreadInfo(fxThreadId);
        long blocked = info == null || info.getBlockedTime() < 0 ? 0 : info.getBlockedTime() * 1_000_000L;
        if (lastWall != 0) {
            long gap = wall - lastWall;
            long own = (cpu - lastCpu) + (blocked - lastBlocked);
            maxWallNanos = Math.max(maxWallNanos, gap);
            maxOwnNanos = Math.max(maxOwnNanos, own);
            if (gap > 100_000_000L && longGaps.size() < 40) {
                longGaps.add(String.format(Locale.ROOT, "%.1fs: %d ms (FX thread busy/blocked %d ms)",
                        (wall - startedAt) / 1e9, gap / 1_000_000, own / 1_000_000));
            }
        }
        lastWall = wall;
        lastCpu = cpu;
        lastBlocked = blocked;
        pulses++;
    }

    long pulses() {
        return pulses;
    }

    long maxGapMillis() {
        return maxWallNanos / 1_000_000;
    }

    /** The longest stretch between two pulses during which the FX thread worked or was blocked. */
    long maxOwnStallMillis() {
        return maxOwnNanos / 1_000_000;
    }

    List<String> longGaps() {
        return longGaps;
    }
}
