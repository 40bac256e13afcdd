/**
 * The runs workspace: every training run kept as its own folder (definition, settings, curves, final metrics,
 * the trained model and, once fused, the fused model), so runs survive restarts and can be listed, named,
 * hidden, deleted and compared by the workbench and the command line alike. Records only, no ND4J types.
 */
package dev.bitflow.engine.api.runs;
