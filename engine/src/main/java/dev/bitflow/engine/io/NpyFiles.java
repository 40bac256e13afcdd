package dev.bitflow.engine.io;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes numpy {@code .npy} files, format version 1.0 (and reads 2.0, which only widens the
 * header length), so that {@code numpy.load} opens what we write and we open what numpy writes.
 *
 * <p>Layout (numpy's NEP 1): the 6 magic bytes {@code \x93NUMPY}; major and minor version bytes; the header
 * length as a little-endian uint16 (uint32 in 2.0); the header, an ASCII Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and ended by
 * {@code \n} so that the data starts at a multiple of 64 bytes; then the elements in C order (last index
 * fastest). We write only C order and the types of {@link NpyDtype}.
 *
 * <p>Reading checks the magic, the version, the header syntax and keys, the dtype, that the order is C,
 * and that the data is exactly {@code product(shape) * itemsize} bytes; each failure is a
 * {@link BadInputException} naming the source and the problem.
 */
public final class NpyFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int MAX_HEADER = 1 << 16;

    private NpyFiles() {
    }

    /** The complete file content of the array. */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(array.rawLength() + ALIGN * 2);
        try {
            write(array, out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Writes the array in {@code .npy} 1.0 format to the stream (the stream is not closed). */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        out.write(header(array));
        out.write(array.rawDataUnsafe());
    }

    /** Writes the array to a file atomically (see {@link AtomicFiles}). */
    public static void write(NpyArray array, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(array, out));
    }

    static byte[] header(NpyArray array) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(array.dtype().descr())
                .append("', 'fortran_order': False, 'shape': (");
        int[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (i < shape.length - 1 || shape.length == 1) {
                dict.append(',');
            }
            if (i < shape.length - 1) {
                dict.append(' ');
            }
        }
        dict.append("), }");
        int prefix = MAGIC.length + 2 + 2;
        int unpadded = prefix + dict.length() + 1;
        int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        dict.append(" ".repeat(total - unpadded)).append('\n');
        int headerLength = dict.length();
        if (headerLength >= MAX_HEADER) {
            throw new IllegalArgumentException("npy header too long for format 1.0: " + headerLength);
        }
        byte[] bytes = new byte[total];
        System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte) (headerLength & 0xff);
        bytes[9] = (byte) (headerLength >>> 8);
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, bytes, prefix, text.length);
        return bytes;
    }

    /** Reads a {@code .npy} file; a missing or malformed file is a {@link BadInputException} naming it. */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("npy file not found: " + file);
        }
        return parse(bytes, file.toString());
    }

    /** Reads a whole {@code .npy} stream (to its end); {@code source} names it in error messages. */
    public static NpyArray read(InputStream in, String source) throws IOException {
        return parse(in.readAllBytes(), source);
    }

    /**
     * Parses the complete content of a {@code .npy} file.
     *
     * @param source names the file (or archive entry) in error messages
     */
    public static NpyArray parse(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw bad(source, "not a numpy .npy file (the magic bytes \\x93NUMPY are missing)");
        }
        if (bytes.length < 10) {
            throw bad(source, "truncated in the npy header");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        int headerLength;
        int dataStart;
        if (major == 1 && minor == 0) {
            headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            dataStart = 10 + headerLength;
        } else if (major == 2 && minor == 0) {
            if (bytes.length < 12) {
                throw bad(source, "truncated in the npy header");
            }
            long len = (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16
                    | (bytes[11] & 0xffL) << 24;
            if (len > Integer.MAX_VALUE - 12) {
                throw bad(source, "npy header length " + len + " is not plausible");
            }
            headerLength = (int) len;
            dataStart = 12 + headerLength;
        } else {
            throw bad(source, "npy format version " + major + "." + minor + " is not supported (1.0 and 2.0 are)");
        }
        if (dataStart > bytes.length) {
            throw bad(source, "truncated in the npy header (header says " + headerLength + " bytes, file has "
                    + (bytes.length - (dataStart - headerLength)) + ")");
        }
        String header = new String(bytes, dataStart - headerLength, headerLength, StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(header, source).parseDict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw bad(source, "npy header must have exactly the keys descr, fortran_order and shape, has "
                    + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw bad(source, "npy header 'descr' must be a string, was " + dict.get("descr"));
        }
        NpyDtype dtype = NpyDtype.fromDescr(descr).orElseThrow(() -> bad(source, unsupported(descr)));
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw bad(source, "npy header 'fortran_order' must be True or False");
        }
        if (fortran) {
            throw bad(source, "Fortran-order arrays are not supported; save the array in C order "
                    + "(numpy.ascontiguousarray)");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw bad(source, "npy header 'shape' must be a tuple of integers");
        }
        long count;
        try {
            count = NpyArray.elementCount(shape);
        } catch (ArithmeticException e) {
            throw bad(source, "shape " + Arrays.toString(shape) + " is too large");
        }
        long expected = count * dtype.itemSize();
        long actual = bytes.length - (long) dataStart;
        if (expected > Integer.MAX_VALUE - 64) {
            throw bad(source, "shape " + Arrays.toString(shape) + " is too large to load (" + expected + " bytes)");
        }
        if (actual < expected) {
            throw bad(source, "truncated: shape " + Arrays.toString(shape) + " of " + dtype.descr() + " needs "
                    + expected + " data bytes, the file has " + actual);
        }
        if (actual > expected) {
            throw bad(source, "has " + (actual - expected) + " bytes after the data of shape "
                    + Arrays.toString(shape) + " of " + dtype.descr());
        }
        return new NpyArray(dtype, shape, Arrays.copyOfRange(bytes, dataStart, bytes.length));
    }

    private static String unsupported(String descr) {
        if (descr.startsWith(">")) {
            return "big-endian dtype '" + descr + "' is not supported; save it little-endian (for example '<"
                    + descr.substring(1) + "')";
        }
        return "dtype '" + descr + "' is not supported (supported: " + NpyDtype.supportedList() + ")";
    }

    private static BadInputException bad(String source, String problem) {
        return new BadInputException(source + ": " + problem);
    }

    /** A parser for the small Python literal subset npy headers use: a dict of strings, booleans, int tuples. */
    private static final class HeaderParser {
        private final String text;
        private final String source;
        private int pos;

        HeaderParser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Map<String, Object> parseDict() {
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = parseString();
                skipSpace();
                expect(':');
                skipSpace();
                Object value = parseValue();
                if (out.put(key, value) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the dict");
            }
            return out;
        }

        private Object parseValue() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return parseString();
            }
            if (c == '(') {
                return parseTuple();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unsupported value");
        }

        private int[] parseTuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a non-negative integer in the shape");
                }
                if (pos < text.length() && text.charAt(pos) == 'L') {
                    pos++; // Python 2 long suffix, written by very old numpy versions
                }
                try {
                    dims.add(Integer.parseInt(text.substring(start, pos).replace("L", "")));
                } catch (NumberFormatException e) {
                    throw error("dimension " + text.substring(start, pos) + " is too large");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private String parseString() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("header ends too early");
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private BadInputException error(String problem) {
            return bad(source, "malformed npy header at character " + pos + ": " + problem + " in "
                    + text.strip());
        }
    }
}
