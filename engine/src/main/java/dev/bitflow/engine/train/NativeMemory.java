package dev.bitflow.engine.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J keeps array data off the Java heap and frees it only when the small Java wrapper objects are garbage
 * collected. A training step allocates a few hundred MB of such data while the Java heap barely grows, so
 * without help the process grew to 8 GB resident within a minute and slowed to seconds per step. We therefore
 * ask for a collection every {@value #INTERVAL} steps (measured cost: a few ms with our small heap). Results are
 * unaffected (GC timing does not change any value).
 */
final class NativeMemory {
    static final int INTERVAL = 4;

    private NativeMemory() {
    }

    /** Call once per step with a counter; collects every {@value #INTERVAL} calls. */
    static void release(long counter) {
        if (counter % INTERVAL == 0) {
            Nd4j.getMemoryManager().invokeGc();
        }
    }
}
