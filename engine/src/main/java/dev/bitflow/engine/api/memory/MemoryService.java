package dev.bitflow.engine.api.memory;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/**
 * Memory estimates and the budget training and benchmarks are held to. Training and bench refuse to start
 * when their estimate exceeds {@link #budget()} ({@link MemoryBudgetExceededException}); native memory has
 * a hard limit too (the launcher sets {@code org.bytedeco.javacpp.maxphysicalbytes}), reached only if an
 * estimate was wrong, and then reported in the same words instead of the process being killed.
 */
public interface MemoryService {
    /**
     * The budget: set by {@link #setBudget}, else the system property {@value MemoryBudget#PROPERTY}, else the
     * environment variable {@value MemoryBudget#ENV}, else derived from this machine's memory (three quarters of
     * the physical memory, at most the process's native memory limit).
     */
    MemoryBudget budget();

    /** Replaces the budget for this engine (the command line's {@code --memory-budget}). */
    void setBudget(MemoryBudget budget);

    /** What training {@code definition} with its batch size holds at its peak; the shapes must be valid. */
    MemoryEstimate trainingEstimate(NetworkDefinition definition);
}
