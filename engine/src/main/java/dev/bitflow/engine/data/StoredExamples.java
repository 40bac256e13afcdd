package dev.bitflow.engine.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.spi.SplitSource;
import java.io.UncheckedIOException;

/**
 * The examples of one opened split, read through the shared {@link ExampleCache} and normalised on the way out.
 *
 * <p>Read-ahead: reading position {@code i} of a view when position {@code i - 1} is in the cache (the caller
 * walks the view in order: training batches, evaluation, verification) and position {@code i + window / 2} is
 * neither cached nor loading queues positions {@code i + 1 .. i + window} for the read-ahead thread. A caller
 * that jumps around (a view showing one test image) triggers no read-ahead.
 */
final class StoredExamples implements ExampleValues {
    private final SplitSource source;
    private final ExampleCache cache;
    private final long keyBase;
    private final float[] table = new float[256];
    private final int window;

    /**
     * @param id a number no other split in {@code cache} uses
     */
    StoredExamples(SplitSource source, ExampleCache cache, int id, Normalization normalization) {
        this.source = source;
        this.cache = cache;
        this.keyBase = (long) id << 32;
        for (int p = 0; p < 256; p++) {
            table[p] = normalise(p, normalization);
        }
        this.window = cache.readAheadExamples(source.exampleBytes());
    }

    /** {@code p / 255} ({@link Normalization#UNIT}, also for null) or {@code p / 127.5 - 1}. */
    static float normalise(int p, Normalization normalization) {
        return normalization == Normalization.MINUS_ONE_TO_ONE ? p / 127.5f - 1f : p / 255f;
    }

    SplitSource source() {
        return source;
    }

    @Override
    public int size() {
        return source.exampleBytes();
    }

    @Override
    public float normalise(int p) {
        return table[p];
    }

    @Override
    public void readAhead(int[] rows, int position) {
        int n = rows == null ? source.count() : rows.length;
        if (position <= 0 || position + 1 >= n || !cache.isPresent(key(rows == null ? position - 1 : rows[position - 1]))) {
            return;
        }
        int probe = Math.min(n - 1, position + window / 2);
        if (cache.isPresent(key(rows == null ? probe : rows[probe]))) {
            return;
        }
        int end = Math.min(n, position + 1 + window);
        for (int p = position + 1; p < end; p++) {
            int r = rows == null ? p : rows[p];
            cache.prefetch(key(r), () -> source.read(r));
        }
    }

    @Override
    public void read(int row, float[] dst, int offset) {
        byte[] raw = raw(row);
        for (int k = 0; k < raw.length; k++) {
            dst[offset + k] = table[raw[k] & 0xFF];
        }
    }

    @Override
    public boolean readPixels(int row, byte[] dst, int offset) {
        byte[] raw = raw(row);
        System.arraycopy(raw, 0, dst, offset, raw.length);
        return true;
    }

    private byte[] raw(int row) {
        try {
            return cache.get(key(row), () -> source.read(row));
        } catch (UncheckedIOException e) {
            throw new BadInputException(source.source() + ": cannot read example " + row + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private long key(int row) {
        return keyBase | row;
    }
}
