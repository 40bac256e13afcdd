/**
 * Models out and in: the export and import formats the plugins provide, and what an export reports. Records only.
 */
package dev.bitflow.engine.api.export;
