package io.dbxcp.common.config;

import io.dbxcp.common.errors.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The function's environment. Lambda gives configuration as environment variables; the local
 * runner, which runs every function in one JVM, puts each function's environment in front of the
 * process's with {@link #override(Map)}.
 */
public final class Env {
    private static volatile Map<String, String> override = Map.of();
    private static final ThreadLocal<Map<String, String>> THREAD_OVERRIDE = new ThreadLocal<>();

    private Env() {}

    /** Values that win over the process environment (the local runner and tests). */
    public static void override(Map<String, String> values) {
        override = Map.copyOf(values);
    }

    public static void clearOverride() {
        override = Map.of();
    }

    /**
     * Values that win for the calling thread only, over {@link #override(Map)} and the process
     * environment: the local runner runs functions concurrently, each invocation on its own thread,
     * as Lambda runs each in its own execution environment.
     */
    public static void overrideForThread(Map<String, String> values) {
        THREAD_OVERRIDE.set(Map.copyOf(values));
    }

    public static void clearThreadOverride() {
        THREAD_OVERRIDE.remove();
    }

    /** The raw value, blank treated as absent. */
    public static Optional<String> get(String name) {
        Map<String, String> values = THREAD_OVERRIDE.get();
        if (values == null) values = override;
        String v = values.containsKey(name) ? values.get(name) : System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public static Reader reader() {
        return new Reader();
    }

    /**
     * Reads a function's typed configuration once and collects every problem, so the error names
     * each missing or malformed variable at once instead of one per deployment.
     */
    public static final class Reader {
        private final List<String> problems = new ArrayList<>();

        private Reader() {}

        public String required(String name) {
            Optional<String> v = get(name);
            if (v.isEmpty()) {
                problems.add(name + " is not set");
                return null;
            }
            return v.get();
        }

        public String optional(String name, String fallback) {
            return get(name).orElse(fallback);
        }

        public Optional<String> optional(String name) {
            return get(name);
        }

        public URI optionalUri(String name) {
            return get(name).map(v -> parse(name, v, URI::create, "is not a URL")).orElse(null);
        }

        public URI requiredUri(String name) {
            String v = required(name);
            return v == null ? null : parse(name, v, URI::create, "is not a URL");
        }

        public int integer(String name, int fallback, int min, int max) {
            Optional<String> v = get(name);
            if (v.isEmpty()) return fallback;
            Integer i = parse(name, v.get(), Integer::valueOf, "is not a whole number");
            if (i == null) return fallback;
            if (i < min || i > max) {
                problems.add(name + " is " + i + ", outside " + min + ".." + max);
                return fallback;
            }
            return i;
        }

        public Duration seconds(String name, Duration fallback, long minSeconds, long maxSeconds) {
            return Duration.ofSeconds(integer(name, (int) fallback.toSeconds(), (int) minSeconds, (int) maxSeconds));
        }

        /** Records a problem found by the caller's own check. */
        public void problem(String message) {
            problems.add(message);
        }

        /** Throws a {@link ConfigurationException} naming every problem seen, if any. */
        public void check() {
            if (!problems.isEmpty()) throw new ConfigurationException(problems);
        }

        private <T> T parse(String name, String value, Function<String, T> parser, String reason) {
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                problems.add(name + " " + reason);
                return null;
            }
        }
    }
}
