package dev.bitflow.plugins.host;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs plugin code so that it cannot break the host: every call runs on a daemon thread of its own pool
 * ("plugin-call-N"), waits at most a timeout, and turns whatever the plugin throws (any {@link Throwable},
 * {@link Error}s included), returns wrongly ({@code null}) or fails to finish into a {@link BadInputException}
 * naming the plugin and the call, after reporting it as a problem. A plugin that timed out once is not called
 * again (its thread may still be running; Java cannot stop it).
 *
 * <p>{@code System.exit} cannot be prevented on Java 17 and 25 without the deprecated, now disabled, security
 * manager (decision 0110). A shutdown hook detects an exit called on a plugin-call thread or from a plugin
 * jar's code, prints which plugin and call did it, and ends the process with
 * {@value #EXIT_STATUS} instead of the plugin's status, so the exit is never silent and never reads as
 * success.
 */
final class PluginCalls implements AutoCloseable {
    /** Process exit status after a plugin called {@code System.exit}. */
    static final int EXIT_STATUS = 3;
    /** Thread name prefix of plugin calls. */
    static final String THREAD_PREFIX = "plugin-call-";

    private final Duration timeout;
    private final Duration longTimeout;
    private final BiConsumer<String, String> problems;
    private final PrintStream err;
    private final ExecutorService threads;
    /** Calls running now: thread -> "plugin source: call". */
    private final Map<Thread, String> running = new ConcurrentHashMap<>();
    /** Sources whose calls timed out: they are not called again. */
    private final Map<String, String> hung = new ConcurrentHashMap<>();
    private final Thread exitWatch;

    /**
     * @param timeout     limit of a call that describes a plugin (constructor, id, names, availability)
     * @param longTimeout limit of a call marked {@link dev.bitflow.engine.spi.LongRunning} (loading data)
     * @param problems    receives (source, message) of every failed call
     * @param err         where an exit during a plugin call is reported
     */
    PluginCalls(Duration timeout, Duration longTimeout, BiConsumer<String, String> problems, PrintStream err) {
        this.timeout = timeout;
        this.longTimeout = longTimeout;
        this.problems = problems;
        this.err = err;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.exitWatch = new Thread(this::reportExitDuringPluginCall, "plugin-exit-watch");
        Runtime.getRuntime().addShutdownHook(exitWatch);
    }

    /**
     * Runs {@code call} of the plugin from {@code source} with the normal timeout.
     *
     * @param what the call, for messages: {@code "com.example.Digits.<init>"}, {@code "isAvailable(mini)"}
     * @throws BadInputException after reporting the problem, if the call threw, timed out or returned null
     */
    <T> T call(String source, String what, Callable<T> call) {
        return call(source, what, call, timeout);
    }

    private <T> T call(String source, String what, Callable<T> call, Duration limit) {
        String earlier = hung.get(source);
        if (earlier != null) {
            throw new BadInputException("plugin " + source + " is not called any more: " + earlier);
        }
        Future<T> future = threads.submit(() -> {
            running.put(Thread.currentThread(), source + ": " + what);
            try {
                return call.call();
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        T result;
        try {
            result = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            String message = what + " did not finish within " + seconds(limit) + "; the plugin is not called again";
            hung.put(source, message);
            throw fail(source, message, null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for a plugin");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BadInputException || cause instanceof CancelledException) {
                throw (RuntimeException) cause; // the plugin's own, worded error
            }
            if (cause instanceof Exception && !(cause instanceof RuntimeException) && !(cause instanceof PluginError)) {
                throw new Checked((Exception) cause); // for example an IOException reading the user's files
            }
            throw fail(source, what + " failed: " + cause, cause);
        }
        if (result == null) {
            throw fail(source, what + " returned null", null);
        }
        return result;
    }

    /**
     * A proxy of a plugin's service whose every call goes through {@link #call}: calls of methods marked
     * {@link dev.bitflow.engine.spi.LongRunning} get the long timeout, a checked exception the method declares
     * (for example {@link IOException}) passes through unchanged.
     */
    <T> T guard(Class<T> spiType, T service, String source) {
        String name = service.getClass().getName();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, service, name);
            }
            Duration limit = method.isAnnotationPresent(dev.bitflow.engine.spi.LongRunning.class) ? longTimeout : timeout;
            String what = name + "." + method.getName() + describe(args);
            try {
                return call(source, what, () -> invoke(method, service, args), limit);
            } catch (Checked e) {
                if (declares(method, e.getCause())) {
                    throw e.getCause();
                }
                throw fail(source, what + " failed: " + e.getCause(), e.getCause());
            }
        };
        return spiType.cast(Proxy.newProxyInstance(spiType.getClassLoader(), new Class<?>[] {spiType}, handler));
    }

    private static Object invoke(Method method, Object service, Object[] args) throws Exception {
        try {
            Object result = method.invoke(service, args);
            return result == null && method.getReturnType() == void.class ? Boolean.TRUE : result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new PluginError(cause);
        }
    }

    /** Carries an {@link Error} a plugin threw out of the {@link Callable} (it is reported, never rethrown). */
    private static final class PluginError extends Exception {
        private static final long serialVersionUID = 1L;

        PluginError(Throwable error) {
            super(error.toString(), error);
        }

        @Override
        public String toString() {
            return getCause().toString();
        }
    }

    /** A checked exception of a call, passed to the caller unchanged when the method declares it. */
    static final class Checked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Checked(Exception cause) {
            super(cause);
        }
    }

    private static boolean declares(Method method, Throwable cause) {
        if (!(cause instanceof Exception) || cause instanceof RuntimeException) {
            return false;
        }
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Object service, String name) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "plugin " + name;
        };
    }

    private static String describe(Object[] args) {
        if (args == null || args.length == 0) {
            return "()";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shown(args[i]));
        }
        return s.append(')').toString();
    }

    /** An argument as text: its own {@code toString}, or its type's name when it has none (a monitor, a job). */
    private static String shown(Object arg) {
        if (arg == null) {
            return "null";
        }
        try {
            if (arg.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
                return String.valueOf(arg);
            }
        } catch (NoSuchMethodException e) {
            // every class has toString
        }
        Class<?> type = arg.getClass().isAnonymousClass() ? arg.getClass().getInterfaces().length > 0
                ? arg.getClass().getInterfaces()[0] : arg.getClass().getSuperclass() : arg.getClass();
        return type.getSimpleName();
    }

    private BadInputException fail(String source, String message, Throwable cause) {
        String shown = cause instanceof PluginError ? message.replace(cause.toString(), cause.getCause().toString()) : message;
        problems.accept(source, shown);
        return new BadInputException("plugin " + source + ": " + shown, cause instanceof PluginError ? cause.getCause() : cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * The shutdown hook: an exit called on a plugin-call thread, or from code of a plugin jar on any thread
     * (a frame whose class loader is a plugin's, named {@code "plugin <jar>"}), is reported. An exit for
     * another reason (Ctrl+C while a plugin loads data, the command's own exit) is left alone.
     */
    private void reportExitDuringPluginCall() {
        String culprit = null;
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            if (!callsExit(t.getValue())) {
                continue;
            }
            if (running.containsKey(t.getKey())) {
                culprit = running.get(t.getKey());
            } else {
                for (StackTraceElement e : t.getValue()) {
                    if (e.getClassLoaderName() != null && e.getClassLoaderName().startsWith("plugin ")) {
                        culprit = e.getClassLoaderName().substring("plugin ".length()) + ": " + e.getClassName()
                                + "." + e.getMethodName() + " on thread " + t.getKey().getName();
                        break;
                    }
                }
            }
        }
        if (culprit != null) {
            err.println("bitflow: a plugin ended the process (System.exit) during " + culprit
                    + "; the command did not finish. Remove or fix that plugin (see: bitflow plugins).");
            err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    private static boolean callsExit(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals("java.lang.Shutdown") || e.getClassName().equals("java.lang.Runtime")
                    && e.getMethodName().equals("exit")) {
                return true;
            }
        }
        return false;
    }

    /** Stops watching for exits; threads of calls still running (hung plugins) are left to die with the JVM. */
    @Override
    public void close() {
        threads.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(exitWatch);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
