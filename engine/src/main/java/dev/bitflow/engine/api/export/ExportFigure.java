package dev.bitflow.engine.api.export;

/**
 * One measured or counted figure of an export, for example the flash bytes of the C code built for a Cortex-M4.
 *
 * @param name   what it is, for example {@code flash} or {@code ledger fusedBytes}
 * @param value  the amount
 * @param unit   for example {@code bytes}
 * @param source how it was obtained, for example {@code arm-none-eabi-size (cortex-m4, -Os)} or {@code ledger}
 */
public record ExportFigure(String name, long value, String unit, String source) {
}
