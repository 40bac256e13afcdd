package dev.bitflow.engine.api.definition;

/** How serious a design issue is. */
public enum Severity {
    /** The network cannot be built or trained as defined (for example a shape error). */
    ERROR,
    /** Legal, but defeats a BCNN property (binarized data flow, exact fusion) or the paper's practice. */
    WARNING,
    /** Worth knowing; nothing wrong. */
    INFO
}
