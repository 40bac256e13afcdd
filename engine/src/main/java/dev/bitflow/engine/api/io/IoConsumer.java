package dev.bitflow.engine.api.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException}, for example the body that writes a file's bytes. */
@FunctionalInterface
public interface IoConsumer<T> {
    void accept(T value) throws IOException;
}
