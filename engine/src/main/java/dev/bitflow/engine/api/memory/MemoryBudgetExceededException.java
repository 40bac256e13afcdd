package dev.bitflow.engine.api.memory;

import dev.bitflow.engine.api.BadInputException;

/**
 * Work refused before it started because its memory estimate exceeds the budget, or stopped because the
 * native memory limit was reached; the message gives the estimate, the budget and how to change either.
 */
public class MemoryBudgetExceededException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public MemoryBudgetExceededException(String message) {
        super(message);
    }

    public MemoryBudgetExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
