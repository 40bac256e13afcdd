package dev.bitflow.engine.fuse;

import java.util.Arrays;

/**
 * The inference form of one BatchNorm layer, per channel: {@code z = gamma * (y - mean) / sqrt(var + epsilon) + beta}.
 * Values are exactly the float32 parameters of the trained model; epsilon is the definition's double.
 * A block without BatchNorm uses {@link #identity(int)} ({@code z = y}: gamma 1, beta 0, mean 0, var 1, epsilon 0).
 *
 * @param present whether the network really has this BatchNorm (false for the identity stand-in)
 */
public record BnParameters(String layer, float[] gamma, float[] beta, float[] mean, float[] var, double epsilon,
                           boolean present) {
    public BnParameters {
        int n = gamma.length;
        if (beta.length != n || mean.length != n || var.length != n) {
            throw new IllegalArgumentException("batchnorm '" + layer + "': gamma, beta, mean, var must have the same length");
        }
    }

    /** {@code z = y} for {@code channels} channels. */
    public static BnParameters identity(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new BnParameters("(none)", ones, new float[channels], new float[channels], ones.clone(), 0.0, false);
    }

    public int channels() {
        return gamma.length;
    }

    /**
     * sigma_c as the float reference path computes it: {@code (float) sqrt(var + (float) epsilon)} with the
     * addition in float32 and the square root correctly rounded to float32.
     */
    public float sigmaFloat(int c) {
        return (float) Math.sqrt(var[c] + (float) epsilon);
    }

    /** sigma_c in double precision, {@code sqrt((double) var + epsilon)}, as the fusion uses it. */
    public double sigmaDouble(int c) {
        return Math.sqrt((double) var[c] + epsilon);
    }
}
