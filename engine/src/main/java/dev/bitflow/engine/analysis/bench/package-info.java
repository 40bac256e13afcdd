/**
 * The {@code bench} command's engine side: one {@link dev.bitflow.engine.analysis.bench.BenchStage} per
 * fused layer with a float twin on ND4J ops, chained into whole networks, timed by
 * {@link dev.bitflow.engine.analysis.bench.MedianTimer}. Kept out of {@code engine.binary} so the bit-level
 * inference path itself never depends on ND4J. See docs/benchmarks.md.
 */
package dev.bitflow.engine.analysis.bench;
