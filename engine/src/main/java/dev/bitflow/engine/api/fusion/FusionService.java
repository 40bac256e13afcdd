package dev.bitflow.engine.api.fusion;

/** BatchShift fusion, fused model files, bit-level inference, verification, SF report and benchmarks. */
public interface FusionService {
}
