package dev.bitflow.engine.spi;

/** The published split of a data set. */
public enum Split {
    TRAIN,
    TEST
}
