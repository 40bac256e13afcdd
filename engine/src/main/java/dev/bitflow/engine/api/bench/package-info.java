/**
 * Benchmarks of the bit-level inference path against ND4J's float ops on the same work: requests,
 * per-case timings and the report the {@code bench} command prints.
 */
package dev.bitflow.engine.api.bench;
