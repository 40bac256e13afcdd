/**
 * Binary activations of a trained model: every layer's output bits for one image, and per channel the +1 rate
 * over many images with dead (constant) and nearly-constant channels. The bits come from the BatchShift-fused
 * bit-level network ({@code engine.fuse}); a model that cannot be fused exactly runs on the float reference path
 * ({@code FloatReferenceForward}) instead, one map per sign layer.
 */
package dev.bitflow.engine.analysis.activations;
