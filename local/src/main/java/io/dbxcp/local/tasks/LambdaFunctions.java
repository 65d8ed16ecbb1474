package io.dbxcp.local.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.LocalRunnerException;
import io.dbxcp.local.template.FunctionSpec;
import io.dbxcp.local.template.TemplateBindings;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The template's Lambda functions, run in this JVM. As Lambda does, each function has a pool of instances (its
 * handler class built with the no-arg constructor, with the function's environment visible), and each instance
 * serves one invocation at a time: an invocation takes the most recently used idle instance (warm) or builds a
 * new one (a cold start), so concurrent invocations of a function run concurrently, on instances of their own.
 */
public final class LambdaFunctions {

    private final TemplateBindings bindings;
    private final Map<String, String> overlay;
    private final ClassLoader loader;
    private final FunctionEnvironment scope;
    private final PrintStream log;
    private final Map<String, Deque<HandlerAdapter>> idle = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> built = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param overlay variables the runner sets for every function (endpoints and credentials of the emulator and
     *                moto, or of the real account); they win over the template's values
     * @param loader  where handler classes are found
     * @param log     where handler logs ({@code context.getLogger()}) and warnings go
     */
    public LambdaFunctions(TemplateBindings bindings, Map<String, String> overlay, ClassLoader loader,
            PrintStream log) {
        this.bindings = bindings;
        this.overlay = Map.copyOf(overlay);
        this.loader = loader;
        this.scope = FunctionEnvironment.using(loader);
        this.log = log;
    }

    /** Whether the project's config layer ({@code io.dbxcp.common.config.Env}) receives function environments. */
    public boolean configLayerFound() {
        return scope.configLayerFound();
    }

    /** The environment {@code fn}'s handler sees: template values, then the runner's, then Lambda's own. */
    public Map<String, String> environment(FunctionSpec fn) {
        TemplateBindings.ResolvedEnvironment resolved = bindings.environment(fn);
        List<String> unset = resolved.unresolved().entrySet().stream()
                .filter(e -> !overlay.containsKey(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
        if (!unset.isEmpty() && warned.add("env:" + fn.logicalId())) {
            log.println("warning: " + fn.logicalId() + ": environment variables left unset: "
                    + String.join("; ", unset));
        }
        Map<String, String> env = new LinkedHashMap<>(resolved.variables());
        env.putAll(overlay);
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(fn.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(fn.timeoutSeconds()));
        if (env.containsKey("AWS_REGION")) {
            env.putIfAbsent("AWS_DEFAULT_REGION", env.get("AWS_REGION"));
        }
        return env;
    }

    /**
     * Invokes {@code fn}'s handler with {@code payload}.
     *
     * @throws LambdaError       the handler threw (or its input could not be read): a function error
     * @throws HandlerNotFound   the handler class or method is not on the classpath: the runner cannot serve it
     */
    public JsonNode invoke(FunctionSpec fn, JsonNode payload) throws LambdaError, HandlerNotFound {
        Map<String, String> env = environment(fn);
        String requestId = UUID.randomUUID().toString();
        LocalLambdaContext context = new LocalLambdaContext(requestId, fn.logicalId(), bindings.functionArn(fn),
                fn.memoryMb(), fn.timeoutSeconds(), log);
        try {
            return scope.with(env, () -> {
                HandlerAdapter handler = checkOut(fn);
                ClassLoader previous = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(loader);
                try {
                    return handler.invoke(payload, context);
                } catch (LambdaError | HandlerNotFound e) {
                    throw e;
                } catch (Throwable t) {
                    throw LambdaError.of(t);
                } finally {
                    Thread.currentThread().setContextClassLoader(previous);
                    idle.get(fn.logicalId()).push(handler);
                }
            });
        } catch (LambdaError | HandlerNotFound e) {
            throw e;
        } catch (Exception e) {
            throw new LocalRunnerException("cannot set the environment of " + fn.logicalId() + ": " + e, e);
        }
    }

    /** Whether the handler class of {@code fn} is on the classpath. */
    public boolean handlerClassExists(FunctionSpec fn) {
        try {
            Class.forName(fn.handlerClass(), false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Instances built so far, by function (logical id): the cold starts of this runner's life. */
    public Map<String, Integer> instancesBuilt() {
        Map<String, Integer> counts = new TreeMap<>();
        built.forEach((fn, n) -> counts.put(fn, n.get()));
        return counts;
    }

    private HandlerAdapter checkOut(FunctionSpec fn) throws LambdaError, HandlerNotFound {
        HandlerAdapter warm = idle.computeIfAbsent(fn.logicalId(), k -> new ConcurrentLinkedDeque<>()).poll();
        return warm != null ? warm : build(fn);
    }

    private HandlerAdapter build(FunctionSpec fn) throws LambdaError, HandlerNotFound {
        Class<?> type;
        try {
            type = Class.forName(fn.handlerClass(), true, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new HandlerNotFound("handler class " + fn.handlerClass() + " of function " + fn.logicalId()
                    + " is not on the classpath (build its module: scripts/run does it; in tests, depend on it)");
        } catch (ExceptionInInitializerError e) {
            throw LambdaError.of(e.getCause() != null ? e.getCause() : e);
        }
        Object instance;
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            instance = constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new HandlerNotFound("handler class " + type.getName() + " has no no-arg constructor");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw LambdaError.of(e);
        }
        HandlerAdapter adapter = HandlerAdapter.of(instance, fn.handlerMethod());
        built.computeIfAbsent(fn.logicalId(), k -> new AtomicInteger()).incrementAndGet();
        return adapter;
    }

    /** The runner cannot find or construct a handler: a set-up problem, not a function error. */
    public static final class HandlerNotFound extends Exception {
        public HandlerNotFound(String message) {
            super(message);
        }
    }
}
