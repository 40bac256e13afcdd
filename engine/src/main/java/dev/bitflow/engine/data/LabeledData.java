package dev.bitflow.engine.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.spi.Permutation;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Normalised labelled examples ready for training or inference: {@link #count()} examples of
 * {@link #exampleShape()} (values row-major c, y, x, float32) with labels 0..classNames.size()-1.
 *
 * <p>The values are not held here: a data set opened from disk is read example by example through the bounded
 * {@link ExampleCache} (with read-ahead when the examples are walked in order), so memory does not grow with
 * the data set; data built in memory (tests, synthetic sets) keeps its array. Only the labels (one int per
 * example) and the view's example numbers are in memory.
 *
 * <p>Views ({@link #subset}, {@link #shuffled}, {@link #head}, {@link #range}) share the values and copy only
 * example numbers and labels, so a view is cheap and never changes when another is made. Thread-safe.
 *
 * @see #example(int)
 */
public final class LabeledData {
    private final String name;
    private final Shape exampleShape;
    private final List<String> classNames;
    private final String sha256;
    private final ExampleValues values;
    /** The storage row of each example of this view, or null for rows 0..count-1. */
    private final int[] rows;
    private final int[] labels;

    /**
     * Data built in memory: {@code x} holds {@code count} examples of {@code exampleShape}, row-major
     * [count, c, h, w]; {@code y} their labels.
     *
     * @param name   what this is, for messages (for example {@code fashion-mnist test (mini)})
     * @param sha256 SHA-256 of the source files, for provenance
     */
    public LabeledData(String name, float[] x, int[] y, int count, Shape exampleShape, List<String> classNames,
                       String sha256) {
        this(name, exampleShape, classNames, sha256, new FloatExamples(x, (int) exampleShape.size()), null, y);
        if (y.length != count || (long) x.length != count * exampleShape.size()) {
            throw new IllegalArgumentException(name + ": sizes do not match count " + count);
        }
    }

    LabeledData(String name, Shape exampleShape, List<String> classNames, String sha256, ExampleValues values,
                int[] rows, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.exampleShape = exampleShape;
        this.classNames = List.copyOf(classNames);
        this.sha256 = sha256;
        this.values = values;
        this.rows = rows;
        this.labels = labels;
        if (rows != null && rows.length != labels.length) {
            throw new IllegalArgumentException(name + ": " + rows.length + " rows but " + labels.length + " labels");
        }
    }

    public String name() {
        return name;
    }

    public int count() {
        return labels.length;
    }

    public Shape exampleShape() {
        return exampleShape;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** SHA-256 of the source files, for provenance. */
    public String sha256() {
        return sha256;
    }

    public int classes() {
        return classNames.size();
    }

    /** Values per example ({@code exampleShape.size()}). */
    public int exampleSize() {
        return (int) exampleShape.size();
    }

    /** The labels of the examples, index = example. Read-only: do not modify the array. */
    public int[] y() {
        return labels;
    }

    /** The label of example {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** Where the values come from (package-private: for the data service). */
    ExampleValues values() {
        return values;
    }

    /** Example {@code index}'s position in the split it was read from (its index in the published split). */
    public int row(int index) {
        checkIndex(index);
        return rows == null ? index : rows[index];
    }

    /** A copy of example {@code index}'s values. */
    public float[] example(int index) {
        float[] out = new float[exampleSize()];
        copyExample(index, out, 0);
        return out;
    }

    /** Writes example {@code index}'s values to {@code dst[offset .. offset + exampleSize())}. */
    public void copyExample(int index, float[] dst, int offset) {
        checkIndex(index);
        values.readAhead(rows, index);
        values.read(rows == null ? index : rows[index], dst, offset);
    }

    /**
     * Writes examples {@code from..to-1} into {@code dst} (one after another) and their labels into
     * {@code labelsOut}. With an augmenter each example is transformed on the way (seeded by
     * {@link Augmenter#exampleSeed}{@code (batchSeed, i - from)}, so the same seed gives the same batch), padding
     * with the normalised value of a black pixel; without one (evaluation) the values are copied as they are.
     */
    public void batch(int from, int to, float[] dst, int[] labelsOut, Augmenter augmenter, long batchSeed) {
        int size = exampleSize();
        boolean augment = augmenter != null && !augmenter.isIdentity();
        float[] plain = augment ? new float[size] : null;
        for (int i = from; i < to; i++) {
            int offset = (i - from) * size;
            if (augment) {
                copyExample(i, plain, 0);
                augmenter.apply(plain, dst, offset, exampleShape, values.normalise(0),
                        Augmenter.exampleSeed(batchSeed, i - from));
            } else {
                copyExample(i, dst, offset);
            }
            labelsOut[i - from] = labels[i];
        }
    }

    /**
     * Example {@code index}'s raw pixels (0..255, channel-major), or null when this data was built from values.
     */
    public int[] pixels(int index) {
        checkIndex(index);
        byte[] raw = new byte[exampleSize()];
        if (!values.readPixels(rows == null ? index : rows[index], raw, 0)) {
            return null;
        }
        int[] out = new int[raw.length];
        for (int k = 0; k < raw.length; k++) {
            out[k] = raw[k] & 0xFF;
        }
        return out;
    }

    /** @throws BadInputException unless {@code index} is an example of this (test) set, naming the valid range */
    public void checkTestExample(int index) {
        if (index < 0 || index >= count()) {
            throw new BadInputException("example " + index + " is outside the test set (0.." + (count() - 1) + ")");
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
        int[] newRows = new int[indices.length];
        int[] newLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            checkIndex(src);
            newRows[i] = rows == null ? src : rows[src];
            newLabels[i] = labels[src];
        }
        return new LabeledData(newName, exampleShape, classNames, sha256, values, newRows, newLabels);
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive). */
    public LabeledData range(int from, int to) {
        if (from < 0 || to > count() || from > to) {
            throw new IndexOutOfBoundsException(name + ": range " + from + ".." + to + " of " + count());
        }
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return subset(indices, name + " [" + from + "," + to + ")");
    }

    /** The first {@code min(n, count)} examples. */
    public LabeledData head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head(" + n + ")");
        }
        return range(0, Math.min(n, count()));
    }

    /**
     * All examples in an order fixed by {@code seed}: a Fisher-Yates shuffle driven by {@link Random}, whose
     * sequence the Java specification fixes, so the order is the same on every JDK.
     */
    public LabeledData shuffled(long seed) {
        return subset(permutation(count(), seed), name + " shuffled(seed " + seed + ")");
    }

    /** How many examples each label has, index = label. */
    public int[] classCounts() {
        int[] counts = new int[classes()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** A permutation of 0..n-1 fixed by {@code seed} ({@link Permutation}: Fisher-Yates over {@link Random}). */
    public static int[] permutation(int n, long seed) {
        return Permutation.of(n, seed);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException(name + ": example " + index + " of " + count());
        }
    }

    @Override
    public String toString() {
        return name + " (" + count() + " x " + exampleShape + ", " + classes() + " classes)";
    }

    /** Values held in one float array (data built in memory). */
    private record FloatExamples(float[] x, int size) implements ExampleValues {
        @Override
        public void read(int row, float[] dst, int offset) {
            System.arraycopy(x, row * size, dst, offset, size);
        }

        @Override
        public void readAhead(int[] rows, int position) {
        }

        @Override
        public boolean readPixels(int row, byte[] dst, int offset) {
            return false;
        }

        @Override
        public float normalise(int p) {
            return p / 255f;
        }
    }
}
