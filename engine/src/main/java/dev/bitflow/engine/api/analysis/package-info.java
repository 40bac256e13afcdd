/**
 * Analyses of trained models that the app and the command line show: the SF cancellation report (how the
 * XNOR-Net scaling factor is cancelled by BatchNorm at inference). Records only, no ND4J types.
 */
package dev.bitflow.engine.api.analysis;
