package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.ScheduleKind;

/**
 * Learning rate per optimiser step (0-based), from a base rate {@code lr} over {@code total} steps of
 * {@code stepsPerEpoch} each:
 * <ul>
 *   <li>CONSTANT: {@code lr}.</li>
 *   <li>STEP: {@code lr * gamma^floor(epoch / stepEpochs)}.</li>
 *   <li>COSINE: {@code lr * (1 + cos(pi * t / total)) / 2}.</li>
 *   <li>ONE_CYCLE: with {@code w = round(warmupFraction * total)} warm-up steps, linear from {@code lr / 25}
 *       (the usual one-cycle start) to {@code lr} over steps 0..w, then
 *       {@code lr * (1 + cos(pi * (t - w) / (total - w))) / 2} down to 0.</li>
 * </ul>
 * A pure function of the step, so a resumed run uses exactly the rates of an uninterrupted one.
 */
final class LearningRateSchedule {
    static final double ONE_CYCLE_START_DIVISOR = 25.0;

    private final LrSchedule schedule;
    private final double lr;
    private final long stepsPerEpoch;
    private final long total;

    LearningRateSchedule(LrSchedule schedule, double lr, long stepsPerEpoch, long total) {
        this.schedule = schedule == null ? LrSchedule.CONSTANT : schedule;
        this.lr = lr;
        this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
        this.total = Math.max(1, total);
    }

    double at(long step) {
        ScheduleKind kind = schedule.kind();
        return switch (kind) {
            case CONSTANT -> lr;
            case STEP -> lr * Math.pow(schedule.gamma(), Math.floorDiv(step / stepsPerEpoch,
                    Math.max(1, schedule.stepEpochs())));
            case COSINE -> lr * (1 + Math.cos(Math.PI * step / total)) / 2;
            case ONE_CYCLE -> {
                long warm = Math.round(schedule.warmupFraction() * total);
                if (step < warm) {
                    double start = lr / ONE_CYCLE_START_DIVISOR;
                    yield start + (lr - start) * step / warm;
                }
                yield lr * (1 + Math.cos(Math.PI * (step - warm) / Math.max(1, total - warm))) / 2;
            }
        };
    }
}
