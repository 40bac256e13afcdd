package dev.bitflow.engine.io;

import dev.bitflow.engine.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional array as stored in a {@code .npy} file: an element type, a shape (C order, last index
 * fastest) and the elements as little-endian bytes. Immutable. Build one with the typed factories
 * ({@link #ofFloats}, {@link #ofShorts}, ...) and read it back with the matching typed accessor; asking for
 * the wrong type is an error naming both types.
 */
public final class NpyArray {
    private final NpyDtype dtype;
    private final int[] shape;
    private final byte[] data;

    /**
     * @param dtype element type
     * @param shape dimensions, each {@code >= 0}; an empty shape is a 0-d array with one element
     * @param data  the elements, little-endian, exactly {@code product(shape) * dtype.itemSize()} bytes
     */
    public NpyArray(NpyDtype dtype, int[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long bytes = elementCount(this.shape) * dtype.itemSize();
        if (bytes != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype.descr() + " needs "
                    + bytes + " bytes, got " + data.length);
        }
        this.data = data.clone();
    }

    /** Number of elements of an array of this shape; rejects negative dimensions. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static NpyArray ofFloats(int[] shape, float[] values) {
        ByteBuffer b = buffer(values.length, 4);
        b.asFloatBuffer().put(values);
        return new NpyArray(NpyDtype.FLOAT32, shape, b.array());
    }

    public static NpyArray ofShorts(int[] shape, short[] values) {
        ByteBuffer b = buffer(values.length, 2);
        b.asShortBuffer().put(values);
        return new NpyArray(NpyDtype.INT16, shape, b.array());
    }

    public static NpyArray ofInts(int[] shape, int[] values) {
        ByteBuffer b = buffer(values.length, 4);
        b.asIntBuffer().put(values);
        return new NpyArray(NpyDtype.INT32, shape, b.array());
    }

    /** uint8 elements; each Java byte is read as its unsigned value 0..255. */
    public static NpyArray ofUnsignedBytes(int[] shape, byte[] values) {
        return new NpyArray(NpyDtype.UINT8, shape, values);
    }

    public static NpyArray ofLongs(int[] shape, long[] values) {
        return longs(NpyDtype.INT64, shape, values);
    }

    /** uint64 elements (for example packed bits); each Java long holds the 64 bits unchanged. */
    public static NpyArray ofUnsignedLongs(int[] shape, long[] values) {
        return longs(NpyDtype.UINT64, shape, values);
    }

    /** A float32 array with the tensor's shape and values. */
    public static NpyArray of(Tensor tensor) {
        return ofFloats(tensor.shape(), tensor.data());
    }

    private static NpyArray longs(NpyDtype type, int[] shape, long[] values) {
        ByteBuffer b = buffer(values.length, 8);
        b.asLongBuffer().put(values);
        return new NpyArray(type, shape, b.array());
    }

    private static ByteBuffer buffer(int count, int itemSize) {
        return ByteBuffer.allocate(Math.multiplyExact(count, itemSize)).order(ByteOrder.LITTLE_ENDIAN);
    }

    public NpyDtype dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return data.length / dtype.itemSize();
    }

    int rawLength() {
        return data.length;
    }

    byte[] rawDataUnsafe() {
        return data;
    }

    public float[] floats() {
        expect(NpyDtype.FLOAT32);
        float[] out = new float[size()];
        view().asFloatBuffer().get(out);
        return out;
    }

    public short[] shorts() {
        expect(NpyDtype.INT16);
        short[] out = new short[size()];
        view().asShortBuffer().get(out);
        return out;
    }

    public int[] ints() {
        expect(NpyDtype.INT32);
        int[] out = new int[size()];
        view().asIntBuffer().get(out);
        return out;
    }

    public byte[] unsignedBytes() {
        expect(NpyDtype.UINT8);
        return data.clone();
    }

    /** The elements of an int64 or uint64 array (uint64 values above {@code Long.MAX_VALUE} come out negative). */
    public long[] longs() {
        if (dtype != NpyDtype.INT64 && dtype != NpyDtype.UINT64) {
            throw new IllegalStateException("array is " + dtype.descr() + ", not <i8 or <u8");
        }
        long[] out = new long[size()];
        view().asLongBuffer().get(out);
        return out;
    }

    /** This float32 array as a tensor. */
    public Tensor toTensor() {
        return new Tensor(shape, floats());
    }

    private void expect(NpyDtype wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("array is " + dtype.descr() + ", not " + wanted.descr());
        }
    }

    private ByteBuffer view() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && dtype == a.dtype && Arrays.equals(shape, a.shape)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.descr() + " " + Arrays.toString(shape) + "]";
    }
}
