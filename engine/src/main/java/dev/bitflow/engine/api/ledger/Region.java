package dev.bitflow.engine.api.ledger;

/**
 * Where a layer sits: {@link #FIRST} is every layer before the second weight layer (the first conv/dense
 * with its pool, BN and sign), {@link #LAST} is the last weight layer and everything after it, and
 * {@link #MIDDLE} is what lies between. BitFlow-Net's claim "no float operations in the middle layers" is
 * about {@link #MIDDLE}.
 */
public enum Region {
    FIRST,
    MIDDLE,
    LAST
}
