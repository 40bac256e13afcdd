package dev.bitflow.engine.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Test helper: small files that inflate to gigabytes, built in milliseconds. A deflate stream of {@code n}
 * MiB of zeros is one block for the first MiB and the same sync-flushed block (matches of the zeros before
 * it) repeated, then a final empty block: about 1 KB per MiB, the real ratio of deflate on zeros. Nothing
 * here inflates them; the CRC-32s are computed over the zeros they decode to.
 */
final class DeflateBombs {
    private static final int MIB = 1 << 20;

    private DeflateBombs() {
    }

    /** Raw deflate data decoding to {@code prefix} followed by {@code zeroMib} MiB of zeros. */
    static byte[] deflate(byte[] prefix, int zeroMib) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[MIB];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.setInput(prefix);
        flush(d, out);
        d.setInput(zeros);
        flush(d, out);
        byte[] block;
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        d.setInput(zeros);
        flush(d, one);
        block = one.toByteArray();
        for (int i = 1; i < zeroMib; i++) {
            out.writeBytes(block);
        }
        d.finish();
        byte[] buf = new byte[64];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static void flush(Deflater d, ByteArrayOutputStream out) {
        byte[] buf = new byte[1 << 16];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
    }

    /** CRC-32 of {@code prefix} followed by {@code zeroMib} MiB of zeros. */
    static long crc(byte[] prefix, int zeroMib) {
        CRC32 crc = new CRC32();
        crc.update(prefix);
        byte[] zeros = new byte[MIB];
        for (int i = 0; i < zeroMib; i++) {
            crc.update(zeros);
        }
        return crc.getValue();
    }

    /** A gzip file decoding to {@code prefix} followed by {@code zeroMib} MiB of zeros. */
    static byte[] gzip(byte[] prefix, int zeroMib) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        out.writeBytes(deflate(prefix, zeroMib));
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc(prefix, zeroMib)).putInt((int) (prefix.length + (long) zeroMib * MIB));
        out.writeBytes(trailer.array());
        return out.toByteArray();
    }

    /** One zip entry: its name, uncompressed size, CRC-32 and deflate data (or stored bytes). */
    record Entry(String name, long size, long crc, byte[] data, boolean stored) {
        static Entry stored(String name, byte[] content) {
            CRC32 c = new CRC32();
            c.update(content);
            return new Entry(name, content.length, c.getValue(), content, true);
        }

        static Entry zeros(String name, int mib) {
            return new Entry(name, (long) mib * MIB, DeflateBombs.crc(new byte[0], mib), deflate(new byte[0], mib), false);
        }
    }

    /** A zip file of the entries, written by hand (local headers, data, central directory). */
    static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<Entry, Integer> offsets = new LinkedHashMap<>();
        for (Entry e : entries) {
            offsets.put(e, out.size());
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = le(30 + name.length);
            h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) (e.stored() ? 0 : 8))
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc()).putInt(e.data().length)
                    .putInt((int) e.size()).putShort((short) name.length).putShort((short) 0).put(name);
            out.writeBytes(h.array());
            out.writeBytes(e.data());
        }
        int central = out.size();
        List<byte[]> headers = new ArrayList<>();
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = le(46 + name.length);
            h.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                    .putShort((short) (e.stored() ? 0 : 8)).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) e.crc()).putInt(e.data().length).putInt((int) e.size())
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(offsets.get(e)).put(name);
            headers.add(h.array());
        }
        headers.forEach(out::writeBytes);
        int size = out.size() - central;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(size).putInt(central).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
