package dev.bitflow.engine.api.definition;

/** A learning-rate schedule; see {@link ScheduleKind} for what each field means. */
public record LrSchedule(ScheduleKind kind, int stepEpochs, double gamma, double warmupFraction) {
    public static final LrSchedule CONSTANT = new LrSchedule(ScheduleKind.CONSTANT, 0, 1.0, 0.0);
}
