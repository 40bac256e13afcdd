/**
 * The SF cancellation report: runs a trained model on the float reference path ({@link
 * dev.bitflow.engine.reference.FloatOps}) as trained, with the XNOR-Net scaling factor removed and BatchNorm
 * statistics rescaled, and with them re-estimated on training data, and compares the sign outputs. See
 * {@link dev.bitflow.engine.analysis.sf.SfCancellationAnalyzer} and {@code docs/sf-report.md}.
 */
package dev.bitflow.engine.analysis.sf;
