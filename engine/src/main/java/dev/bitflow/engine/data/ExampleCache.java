package dev.bitflow.engine.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded cache every opened split reads its examples through, with a background read-ahead thread.
 *
 * <p>Entries are the examples' raw bytes (one byte per pixel and channel, as the plugin delivers them), keyed by
 * (split, example). The cache holds at most {@link #budgetBytes()} bytes and drops the least recently used
 * entries beyond that, so memory stays flat however large the data set is; a data set smaller than the budget
 * is read from disk once and then served from memory.
 *
 * <p>Read-ahead: {@link #prefetch} hands examples to one daemon thread (started on first use, stopped after 30 s
 * idle) that reads them into the cache while the caller computes. At most {@link #readAheadLimit} read-ahead
 * loads are pending at a time; further requests are dropped (they are hints). A caller that needs an example
 * being read ahead waits for that load instead of reading the file twice. A failed read-ahead is forgotten: the
 * caller then reads the example itself and gets the error (naming the file) in its own thread.
 */
public final class ExampleCache {
    /** A read of one example from its split. */
    @FunctionalInterface
    public interface Loader {
        byte[] load() throws IOException;
    }

    private final long budgetBytes;
    private final int readAheadLimit;
    private final LinkedHashMap<Long, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<Long, CompletableFuture<byte[]>> loading = new ConcurrentHashMap<>();
    private final AtomicInteger pendingReadAhead = new AtomicInteger();
    private final ThreadPoolExecutor readAhead;
    private long bytes;
    private long hits;
    private long misses;

    /**
     * @param budgetBytes    most bytes of examples held
     * @param readAheadLimit most read-ahead loads pending at once
     */
    public ExampleCache(long budgetBytes, int readAheadLimit) {
        if (budgetBytes < 0 || readAheadLimit < 0) {
            throw new IllegalArgumentException("negative cache budget or read-ahead limit");
        }
        this.budgetBytes = budgetBytes;
        this.readAheadLimit = readAheadLimit;
        this.readAhead = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bitflow-data-read-ahead");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        readAhead.allowCoreThreadTimeOut(true);
    }

    /**
     * The default budget: an eighth of the JVM's maximum heap, at least 16 MB and at most 1 GB, or the system
     * property {@code bitflow.data.cacheMegabytes} when set.
     */
    public static long defaultBudget() {
        String property = System.getProperty("bitflow.data.cacheMegabytes");
        if (property != null) {
            try {
                return Math.max(0, Long.parseLong(property.trim())) << 20;
            } catch (NumberFormatException e) {
                throw new BadInputException("bitflow.data.cacheMegabytes must be a number of megabytes, was '"
                        + property + "'");
            }
        }
        return Math.max(16L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 8));
    }

    /** A cache with {@link #defaultBudget()} and a read-ahead of at most 1024 examples. */
    public static ExampleCache withDefaultBudget() {
        return new ExampleCache(defaultBudget(), 1024);
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /** How many examples of {@code exampleBytes} each a read-ahead may run ahead: a quarter of the budget, 8..1024. */
    public int readAheadExamples(int exampleBytes) {
        long fit = budgetBytes / 4 / Math.max(1, exampleBytes);
        return (int) Math.max(8, Math.min(readAheadLimit, fit));
    }

    /** The example under {@code key}: from the cache, from a load in progress, or loaded now by the caller. */
    public byte[] get(long key, Loader loader) {
        byte[] cached = lookup(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> other = loading.putIfAbsent(key, mine);
        if (other != null) {
            try {
                return other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted while reading data");
            } catch (ExecutionException e) {
                // the read-ahead failed: read it here, so the error reaches the caller with its own message
            }
        }
        try {
            byte[] value = loader.load();
            store(key, value);
            mine.complete(value);
            return value;
        } catch (IOException e) {
            mine.completeExceptionally(e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** Whether {@code key} is cached or being loaded (does not count as a use). */
    public boolean isPresent(long key) {
        if (loading.containsKey(key)) {
            return true;
        }
        synchronized (this) {
            return entries.containsKey(key);
        }
    }

    /** Asks the read-ahead thread to load {@code key} unless it is present or too many loads are pending. */
    public void prefetch(long key, Loader loader) {
        if (isPresent(key) || pendingReadAhead.get() >= readAheadLimit || budgetBytes == 0) {
            return;
        }
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        if (loading.putIfAbsent(key, future) != null) {
            return;
        }
        pendingReadAhead.incrementAndGet();
        readAhead.execute(() -> {
            try {
                byte[] value = loader.load();
                store(key, value);
                future.complete(value);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            } finally {
                loading.remove(key, future);
                pendingReadAhead.decrementAndGet();
            }
        });
    }

    /** Bytes held now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Lookups served from memory and lookups that had to read, since creation. */
    public synchronized long[] hitsAndMisses() {
        return new long[] {hits, misses};
    }

    private synchronized byte[] lookup(long key) {
        byte[] v = entries.get(key);
        if (v != null) {
            hits++;
        } else {
            misses++;
        }
        return v;
    }

    private synchronized void store(long key, byte[] value) {
        if (value.length > budgetBytes) {
            return;
        }
        byte[] old = entries.put(key, value);
        bytes += value.length - (old == null ? 0 : old.length);
        var it = entries.entrySet().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            Map.Entry<Long, byte[]> eldest = it.next();
            if (eldest.getKey() == key) {
                continue;
            }
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }
}
