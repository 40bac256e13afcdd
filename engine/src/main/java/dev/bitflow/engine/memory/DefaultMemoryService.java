package dev.bitflow.engine.memory;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.ReadLimits;
import dev.bitflow.engine.api.memory.MemoryBudget;
import dev.bitflow.engine.api.memory.MemoryBudgetExceededException;
import dev.bitflow.engine.api.memory.MemoryEstimate;
import dev.bitflow.engine.api.memory.MemoryService;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Function;
import org.bytedeco.javacpp.Pointer;

/**
 * The engine's memory budget and the check every large job makes before it allocates ({@link #require}),
 * plus the translation of a native out-of-memory failure into the same worded error ({@link #translate}).
 * One per engine; thread-safe.
 */
public final class DefaultMemoryService implements MemoryService {
    /** Share of the physical memory the default budget takes: three quarters. */
    static final double MACHINE_SHARE = 0.75;
    private static final String HOW_TO_CHANGE = "raise the budget with --memory-budget SIZE (or -D"
            + MemoryBudget.PROPERTY + "=SIZE, or " + MemoryBudget.ENV + ")";

    private final Function<NetworkDefinition, MemoryEstimate> trainingMemory;
    private volatile MemoryBudget explicit;

    /**
     * @param trainingMemory what training a definition needs at its peak (the training engine's own estimate,
     *                       handed in by the composition root so this package stays below the training one)
     */
    public DefaultMemoryService(Function<NetworkDefinition, MemoryEstimate> trainingMemory) {
        this.trainingMemory = trainingMemory;
    }

    @Override
    public MemoryBudget budget() {
        MemoryBudget set = explicit;
        if (set != null) {
            return set;
        }
        String property = System.getProperty(MemoryBudget.PROPERTY);
        if (property != null && !property.isBlank()) {
            return MemoryBudget.parse(property, "-D" + MemoryBudget.PROPERTY);
        }
        String env = System.getenv(MemoryBudget.ENV);
        if (env != null && !env.isBlank()) {
            return MemoryBudget.parse(env, MemoryBudget.ENV);
        }
        return machineBudget();
    }

    @Override
    public void setBudget(MemoryBudget budget) {
        this.explicit = budget;
    }

    @Override
    public MemoryEstimate trainingEstimate(NetworkDefinition definition) {
        return trainingMemory.apply(definition);
    }

    /** Three quarters of the physical memory, at most the native limit javacpp enforces for this process. */
    static MemoryBudget machineBudget() {
        long physical = physicalMemory();
        long share = (long) (physical * MACHINE_SHARE);
        long limit = Pointer.maxPhysicalBytes();
        if (limit > 0 && limit < share) {
            return new MemoryBudget(limit, "this process's native memory limit, org.bytedeco.javacpp.maxphysicalbytes");
        }
        return new MemoryBudget(share, String.format(Locale.ROOT, "%.0f%% of this machine's %s", MACHINE_SHARE * 100,
                ReadLimits.format(physical)));
    }

    static long physicalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    /**
     * Refuses {@code what} when {@code bytes}, added to what the process already holds (its resident memory),
     * exceeds the budget.
     *
     * @param detail how the estimate splits, e.g. {@link MemoryEstimate#summary()}
     * @param advice how to need less, e.g. {@code "use a smaller batch size"}
     */
    public void require(String what, long bytes, String detail, String advice) {
        MemoryBudget budget = budget();
        long inUse = Math.max(0, Pointer.physicalBytes());
        if (bytes > budget.bytes() - inUse) {
            throw new MemoryBudgetExceededException(what + " needs an estimated " + ReadLimits.format(bytes)
                    + (detail == null ? "" : " (" + detail + ")") + " on top of the " + ReadLimits.format(inUse)
                    + " this process already uses, more than the memory budget of " + budget + "; " + advice
                    + ", or " + HOW_TO_CHANGE + " if the machine has the memory (this needs at least "
                    + ((Math.min(bytes, Long.MAX_VALUE - inUse) + inUse >> 30) + 1) + "g).");
        }
    }

    /**
     * The worded error for a native allocation that failed (ND4J reports it as {@link OutOfMemoryError} when
     * javacpp's physical-bytes limit is reached, or as a RuntimeException "Allocation failed" when the
     * operating system refuses), or null if {@code t} is not one.
     */
    public MemoryBudgetExceededException translate(Throwable t, String what) {
        boolean outOfMemory = t instanceof OutOfMemoryError
                || t instanceof RuntimeException && t.getMessage() != null && t.getMessage().startsWith("Allocation failed");
        if (!outOfMemory) {
            return null;
        }
        long limit = Pointer.maxPhysicalBytes();
        return new MemoryBudgetExceededException(what + " ran out of memory (" + t.getMessage() + "); this process"
                + " may use " + (limit > 0 ? ReadLimits.format(limit) + " (org.bytedeco.javacpp.maxphysicalbytes)"
                : "the machine's memory") + " with a Java heap of " + ReadLimits.format(Runtime.getRuntime().maxMemory())
                + ". Use a smaller network or batch size, or give the process more memory (BITFLOW_JAVA_OPTS="
                + "-Dorg.bytedeco.javacpp.maxphysicalbytes=SIZE -Xmx SIZE).", t);
    }
}
