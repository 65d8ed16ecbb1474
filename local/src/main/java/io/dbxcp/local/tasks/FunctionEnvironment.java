package io.dbxcp.local.tasks;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes a function's environment visible to its handler while it is built and while it runs. Java cannot set
 * process environment variables, so:
 * <ul>
 * <li>the project's config layer reads through {@code io.dbxcp.common.config.Env}, whose
 * {@code override(Map)} / {@code clearOverride()} the runner calls (when that class is on the classpath);</li>
 * <li>the AWS SDK's own settings (region, credentials, endpoint) are also set as the SDK's system properties
 * ({@code aws.region}, {@code aws.accessKeyId}, {@code aws.secretAccessKey}, {@code aws.sessionToken},
 * {@code aws.endpointUrl}) and restored afterwards.</li>
 * </ul>
 * Both are process-wide, so handler calls are serialised on one lock: Parallel branches and Map iterations
 * interleave between Tasks, not inside them.
 */
final class FunctionEnvironment {

    static final String ENV_CLASS = "io.dbxcp.common.config.Env";

    private static final ReentrantLock LOCK = new ReentrantLock(true);
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
            return new FunctionEnvironment(env.getMethod("override", Map.class), env.getMethod("clearOverride"));
        } catch (ReflectiveOperationException | LinkageError e) {
            return new FunctionEnvironment(null, null);
        }
    }

    /** Whether {@code io.dbxcp.common.config.Env} was found (else handlers see only the SDK properties). */
    boolean configLayerFound() {
        return override != null;
    }

    /** Runs {@code body} with {@code variables} as the environment, holding the process-wide lock. */
    <T> T with(Map<String, String> variables, ThrowingSupplier<T> body) throws Exception {
        LOCK.lock();
        Map<String, String> saved = new HashMap<>();
        try {
            SDK_PROPERTIES.forEach((variable, property) -> {
                String value = variables.get(variable);
                if (value != null) {
                    saved.put(property, System.getProperty(property));
                    System.setProperty(property, value);
                }
            });
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
                saved.forEach((property, previous) -> {
                    if (previous == null) {
                        System.clearProperty(property);
                    } else {
                        System.setProperty(property, previous);
                    }
                });
                LOCK.unlock();
            }
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
