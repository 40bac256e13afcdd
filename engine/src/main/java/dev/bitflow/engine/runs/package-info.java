/**
 * The runs workspace ({@link dev.bitflow.engine.api.runs.RunService}): one folder per training run, written
 * through {@link dev.bitflow.engine.api.io.AtomicFiles}; {@code run.json} is read and written by
 * {@link dev.bitflow.engine.io.RunJson}.
 */
package dev.bitflow.engine.runs;
