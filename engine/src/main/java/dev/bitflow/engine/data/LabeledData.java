package dev.bitflow.engine.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Normalised labelled examples ready for training or inference: {@code x} holds {@code count} examples of
 * {@code exampleShape}, row-major [count, c, h, w] float32; {@code y} the labels 0..classNames.size()-1.
 *
 * <p>Views ({@link #subset}, {@link #shuffled}, {@link #head}, {@link #range}) copy the selected examples into
 * new arrays, so a view never changes when another is modified; treat the arrays as read-only anyway.
 *
 * @param name   what this is, for messages (for example {@code fashion-mnist test (mini)})
 * @param sha256 SHA-256 of the source files, for provenance
 */
public record LabeledData(String name, float[] x, int[] y, int count, Shape exampleShape, List<String> classNames,
                          String sha256) {
    public LabeledData {
        if (y.length != count || (long) x.length != count * exampleShape.size()) {
            throw new IllegalArgumentException(name + ": sizes do not match count " + count);
        }
        classNames = List.copyOf(classNames);
    }

    public int classes() {
        return classNames.size();
    }

    /** Values per example ({@code exampleShape.size()}). */
    public int exampleSize() {
        return (int) exampleShape.size();
    }

    /** A copy of example {@code index}'s values. */
    public float[] example(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(name + ": example " + index + " of " + count);
        }
        int size = exampleSize();
        return Arrays.copyOfRange(x, index * size, (index + 1) * size);
    }

    /** @throws BadInputException unless {@code index} is an example of this (test) set, naming the valid range */
    public void checkTestExample(int index) {
        if (index < 0 || index >= count) {
            throw new BadInputException("example " + index + " is outside the test set (0.." + (count - 1) + ")");
        }
    }

    /** @throws BadInputException unless the examples have the size and channels of {@code model}'s input */
    public void checkFits(NetworkDefinition model) {
        Shape in = model.input();
        if (exampleShape.size() != in.size() || exampleShape.channels() != in.channels()) {
            throw new BadInputException("data set '" + name + "' has examples of shape " + exampleShape
                    + " but model '" + model.name() + "' expects " + in);
        }
    }

    /** The examples at {@code indices}, in that order (indices may repeat). */
    public LabeledData subset(int[] indices) {
        return subset(indices, name + " subset of " + indices.length);
    }

    /** The examples at {@code indices}, in that order, under a new name. */
    public LabeledData subset(int[] indices, String newName) {
        int size = exampleSize();
        float[] nx = new float[Math.multiplyExact(indices.length, size)];
        int[] ny = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= count) {
                throw new IndexOutOfBoundsException(name + ": example " + src + " of " + count);
            }
            System.arraycopy(x, src * size, nx, i * size, size);
            ny[i] = y[src];
        }
        return new LabeledData(newName, nx, ny, indices.length, exampleShape, classNames, sha256);
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive). */
    public LabeledData range(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException(name + ": range " + from + ".." + to + " of " + count);
        }
        int size = exampleSize();
        return new LabeledData(name + " [" + from + "," + to + ")", Arrays.copyOfRange(x, from * size, to * size),
                Arrays.copyOfRange(y, from, to), to - from, exampleShape, classNames, sha256);
    }

    /** The first {@code min(n, count)} examples. */
    public LabeledData head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head(" + n + ")");
        }
        return range(0, Math.min(n, count));
    }

    /**
     * All examples in an order fixed by {@code seed}: a Fisher-Yates shuffle driven by {@link Random}, whose
     * sequence the Java specification fixes, so the order is the same on every JDK.
     */
    public LabeledData shuffled(long seed) {
        return subset(permutation(count, seed), name + " shuffled(seed " + seed + ")");
    }

    /** How many examples each label has, index = label. */
    public int[] classCounts() {
        int[] counts = new int[classes()];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }

    /** A permutation of 0..n-1 fixed by {@code seed} (Fisher-Yates over {@link Random}). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public String toString() {
        return name + " (" + count + " x " + exampleShape + ", " + classes() + " classes)";
    }
}
