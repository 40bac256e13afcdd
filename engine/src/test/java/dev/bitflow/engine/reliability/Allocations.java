package dev.bitflow.engine.reliability;

import java.lang.management.ManagementFactory;

/** Test helper: bytes the calling thread allocates on the Java heap while running a piece of code. */
public final class Allocations {
    private Allocations() {
    }

    /** Something to run that may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** The outcome of {@link #measure}: the heap bytes allocated and what the work threw, if anything. */
    public record Measured(long bytes, Throwable thrown) {
    }

    /** Runs {@code work} on this thread and returns what it allocated (HotSpot's per-thread counter). */
    public static Measured measure(Work work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        Throwable thrown = null;
        try {
            work.run();
        } catch (Throwable t) { // the caller asserts on it
            thrown = t;
        }
        return new Measured(threads.getThreadAllocatedBytes(id) - before, thrown);
    }
}
