package dev.bitflow.app.view;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples every thread's stack while a test runs some work, and records which threads were inside the given
 * packages: the check that the JavaFX thread never runs training, fusion or I/O, without timing anything. A
 * sample that finds the JavaFX thread in those packages is kept with its stack for the failure message.
 */
final class WorkThreadSampler implements AutoCloseable {
    private static final String FX_THREAD = "JavaFX Application Thread";
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> packages;
    private final Set<String> threadsInWork = new LinkedHashSet<>();
    private final List<String> fxThreadInWork = new ArrayList<>();
    private final AtomicLong samples = new AtomicLong();
    private final Thread sampler;
    private volatile boolean stop;

    /** Starts sampling at once; {@code packages} are prefixes such as {@code "dev.bitflow.engine.train."}. */
    WorkThreadSampler(String... packages) {
        this.packages = List.of(packages);
        this.sampler = new Thread(this::sampleUntilClosed, "work-thread-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilClosed() {
        while (!stop) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 256)) {
                if (info == null || info.getThreadId() == Thread.currentThread().getId()) {
                    continue;
                }
                StackTraceElement frame = firstFrameInWork(info.getStackTrace());
                if (frame != null) {
                    synchronized (this) {
                        threadsInWork.add(info.getThreadName());
                        if (info.getThreadName().equals(FX_THREAD) && fxThreadInWork.size() < 5) {
                            fxThreadInWork.add(describe(info));
                        }
                    }
                }
            }
            samples.incrementAndGet();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private StackTraceElement firstFrameInWork(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            for (String p : packages) {
                if (frame.getClassName().startsWith(p)) {
                    return frame;
                }
            }
        }
        return null;
    }

    private static String describe(ThreadInfo info) {
        StringBuilder text = new StringBuilder(info.getThreadName());
        StackTraceElement[] stack = info.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 30); i++) {
            text.append("\n    at ").append(stack[i]);
        }
        return text.toString();
    }

    long samples() {
        return samples.get();
    }

    /** Names of the threads seen inside the packages, in the order first seen. */
    synchronized Set<String> threadsInWork() {
        return new LinkedHashSet<>(threadsInWork);
    }

    /** Stacks of the JavaFX thread caught inside the packages (empty when it never was). */
    synchronized List<String> fxThreadInWork() {
        return new ArrayList<>(fxThreadInWork);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.join();
    }
}
