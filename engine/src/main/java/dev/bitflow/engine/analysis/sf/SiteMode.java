package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.reference.BnParameters;

/**
 * How a variant evaluates one {@link BinaryLayerSite}: per channel whether {@code y = alpha * s + b} (alpha
 * applied, as trained) or {@code y = s + b} (alpha removed), and the BatchNorm that follows.
 */
record SiteMode(boolean[] alphaApplied, BnParameters bn) {
}
