package dev.bitflow.engine.data;

/**
 * Where a {@link LabeledData} gets its examples' values: a float array in memory, or a split read from disk
 * through the bounded {@link ExampleCache} ({@link StoredExamples}). Rows are the storage's own example numbers;
 * a view maps its indices to rows.
 */
interface ExampleValues {
    /** Values per example. */
    int size();

    /** Writes row {@code row}'s normalised values to {@code dst[offset ..]}. */
    void read(int row, float[] dst, int offset);

    /**
     * Says that the caller is at {@code position} of a view whose rows are {@code rows} (null: 0, 1, 2, ...), so
     * that the storage may read the following rows ahead.
     */
    void readAhead(int[] rows, int position);

    /**
     * Writes row {@code row}'s raw pixels (0..255) to {@code dst[offset ..]}, or returns false when the values
     * were not made from pixels (data built in memory).
     */
    boolean readPixels(int row, byte[] dst, int offset);

    /** The normalised value of pixel {@code p} (0..255); for data built in memory, {@code p / 255}. */
    float normalise(int p);
}
