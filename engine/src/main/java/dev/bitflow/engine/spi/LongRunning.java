package dev.bitflow.engine.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an SPI method that does real work (reading a data set, writing an export) rather than describing
 * the plugin. The plugin host runs every plugin call off the caller's thread with a time limit; a method with
 * this mark gets the long limit (30 minutes by default) instead of the short one (10 seconds by default).
 * SPI authors: mark every method that may read or write files or compute for long.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LongRunning {
}
