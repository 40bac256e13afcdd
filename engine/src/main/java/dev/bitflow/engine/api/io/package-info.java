/**
 * Writing files safely, for every module: {@link dev.bitflow.engine.api.io.AtomicFiles} writes to a temporary
 * file in the target folder, fsyncs it, then atomically moves it over the target, so a crash or an error never
 * leaves a half-written file. It lives in the API (it needs only the JDK) so that the engine, the plugins and
 * the app share one implementation (docs/decisions/0096).
 */
package dev.bitflow.engine.api.io;
