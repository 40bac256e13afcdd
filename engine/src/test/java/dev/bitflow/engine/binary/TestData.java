package dev.bitflow.engine.binary;

import java.util.Random;

/** Seeded random ±1 data and latent weights (including exact zeros, which pack as +1). */
final class TestData {
    private TestData() {
    }

    static float[] plusMinusOne(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1f : -1f;
        }
        return v;
    }

    /** Latent weights in [-1, 1], about 2% exactly 0 (and some -0.0f), to exercise sign(0) = +1. */
    static float[] latent(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(100);
            v[i] = k == 0 ? 0f : k == 1 ? -0f : r.nextFloat() * 2f - 1f;
        }
        return v;
    }

    static float[] signs(float[] latent) {
        float[] v = new float[latent.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = latent[i] >= 0f ? 1f : -1f;
        }
        return v;
    }
}
