package io.dbxcp.local.tasks;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes a function's environment visible to its handler while it is built and while it runs. Java cannot set
 * process environment variables, so:
 * <ul>
 * <li>the project's config layer reads through {@code io.dbxcp.common.config.Env}, whose
 * {@code overrideForThread(Map)} / {@code clearThreadOverride()} the runner calls on the invoking thread (when
 * that class is on the classpath): invocations run concurrently, as Lambda runs each in its own environment;</li>
 * <li>the AWS SDK's own settings (region, credentials, endpoint) are also set as the SDK's system properties
 * ({@code aws.region}, {@code aws.accessKeyId}, {@code aws.secretAccessKey}, {@code aws.sessionToken},
 * {@code aws.endpointUrl}), which are process-wide: invocations that want the same values (the runner's, for
 * every function) share them under a read lock; one that wants others waits for the rest to finish. They are
 * restored when no invocation is running.</li>
 * </ul>
 */
final class FunctionEnvironment {

    static final String ENV_CLASS = "io.dbxcp.common.config.Env";

    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock(true);
    /** The values the properties had before the runner set them, to restore when idle (guarded by LOCK). */
    private static final Map<String, Optional<String>> ORIGINAL = new HashMap<>();
    private static final Map<String, String> SDK_PROPERTIES = Map.of(
            "AWS_REGION", "aws.region",
            "AWS_ACCESS_KEY_ID", "aws.accessKeyId",
            "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey",
            "AWS_SESSION_TOKEN", "aws.sessionToken",
            "AWS_ENDPOINT_URL", "aws.endpointUrl");

    private final Method override;
    private final Method clear;

    private FunctionEnvironment(Method override, Method clear) {
        this.override = override;
        this.clear = clear;
    }

    /** Finds the config layer ({@value #ENV_CLASS}) through {@code loader}; without it only the SDK properties are set. */
    static FunctionEnvironment using(ClassLoader loader) {
        try {
            Class<?> env = Class.forName(ENV_CLASS, true, loader);
            return new FunctionEnvironment(env.getMethod("overrideForThread", Map.class), env.getMethod("clearThreadOverride"));
        } catch (ReflectiveOperationException | LinkageError e) {
            return new FunctionEnvironment(null, null);
        }
    }

    /** Whether {@code io.dbxcp.common.config.Env} was found (else handlers see only the SDK properties). */
    boolean configLayerFound() {
        return override != null;
    }

    /** Runs {@code body} with {@code variables} as the environment. */
    <T> T with(Map<String, String> variables, ThrowingSupplier<T> body) throws Exception {
        Map<String, String> wanted = new HashMap<>();
        SDK_PROPERTIES.forEach((variable, property) -> {
            String value = variables.get(variable);
            if (value != null) {
                wanted.put(property, value);
            }
        });
        Lock held = acquire(wanted);
        try {
            if (override != null) {
                override.invoke(null, Map.copyOf(variables));
            }
            return body.get();
        } finally {
            try {
                if (clear != null) {
                    clear.invoke(null);
                }
            } finally {
                held.unlock();
                restoreWhenIdle();
            }
        }
    }

    /** The read lock with the SDK properties as wanted (set under the write lock first if they differ). */
    private Lock acquire(Map<String, String> wanted) {
        LOCK.readLock().lock();
        if (matches(wanted)) {
            return LOCK.readLock();
        }
        LOCK.readLock().unlock();
        LOCK.writeLock().lock();
        try {
            set(wanted);
            LOCK.readLock().lock(); // downgrade: keep the values while this invocation runs
        } finally {
            LOCK.writeLock().unlock();
        }
        return LOCK.readLock();
    }

    private static boolean matches(Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(System.getProperty(e.getKey())));
    }

    private static void set(Map<String, String> wanted) {
        wanted.forEach((property, value) -> {
            ORIGINAL.computeIfAbsent(property, p -> Optional.ofNullable(System.getProperty(p)));
            System.setProperty(property, value);
        });
    }

    private static void restoreWhenIdle() {
        if (!LOCK.writeLock().tryLock()) {
            return; // another invocation runs (or waits): it restores when it is the last
        }
        try {
            ORIGINAL.forEach((property, previous) -> previous.ifPresentOrElse(
                    v -> System.setProperty(property, v), () -> System.clearProperty(property)));
            ORIGINAL.clear();
        } finally {
            LOCK.writeLock().unlock();
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
