package io.dbxcp.local.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.dbxcp.local.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Calls one handler instance the way the Lambda Java runtime does: a {@link RequestStreamHandler} gets the payload
 * bytes; a {@link RequestHandler} or a plain method named in {@code Handler: pkg.Class::method} gets the payload
 * deserialised into its input type with Jackson, and its result is serialised back.
 */
final class HandlerAdapter {

    private final Object instance;
    private final Method method;
    private final Kind kind;
    private final JavaType inputType;

    private enum Kind { STREAM, POJO_WITH_CONTEXT, POJO, STREAM_NO_CONTEXT, NO_INPUT }

    private HandlerAdapter(Object instance, Method method, Kind kind, JavaType inputType) {
        this.instance = instance;
        this.method = method;
        this.kind = kind;
        this.inputType = inputType;
    }

    /** Finds the handler method of {@code instance}'s class; {@code methodName} may be null. */
    static HandlerAdapter of(Object instance, String methodName) throws LambdaError {
        Class<?> type = instance.getClass();
        String name = methodName == null ? "handleRequest" : methodName;
        if (instance instanceof RequestStreamHandler && name.equals("handleRequest")) {
            return new HandlerAdapter(instance, find(type, name, InputStream.class, OutputStream.class,
                    Context.class).orElseThrow(), Kind.STREAM, null);
        }
        Optional<Method> candidate = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() <= 3)
                // the most specific handleRequest(I, Context) first: a RequestHandler<I, O> also has the erased one
                .sorted(Comparator.comparingInt((Method m) -> m.getParameterTypes().length > 0
                        && m.getParameterTypes()[0] == Object.class ? 1 : 0)
                        .thenComparingInt(m -> -m.getParameterCount()))
                .findFirst();
        if (candidate.isEmpty()) {
            throw LambdaError.runtime("java.lang.NoSuchMethodException",
                    "No public method named " + name + " with appropriate method signature found on class "
                            + type.getName(), null);
        }
        Method m = candidate.get();
        m.setAccessible(true);
        Class<?>[] p = m.getParameterTypes();
        if (p.length == 0) {
            return new HandlerAdapter(instance, m, Kind.NO_INPUT, null);
        }
        if (p.length >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
            return new HandlerAdapter(instance, m, p.length == 3 ? Kind.STREAM : Kind.STREAM_NO_CONTEXT, null);
        }
        JavaType input = Json.MAPPER.getTypeFactory().constructType(m.getGenericParameterTypes()[0]);
        if (instance instanceof RequestHandler<?, ?> && name.equals("handleRequest")) {
            // RequestHandler<I, O>'s I, resolved through generic superclasses.
            JavaType[] bound = Json.MAPPER.getTypeFactory()
                    .findTypeParameters(Json.MAPPER.getTypeFactory().constructType(type), RequestHandler.class);
            if (bound.length == 2 && !bound[0].isJavaLangObject()) {
                input = bound[0];
            }
        }
        if (p.length == 2 && Context.class.isAssignableFrom(p[1])) {
            return new HandlerAdapter(instance, m, Kind.POJO_WITH_CONTEXT, input);
        }
        if (p.length == 1) {
            return new HandlerAdapter(instance, m, Kind.POJO, input);
        }
        throw LambdaError.runtime("java.lang.NoSuchMethodException",
                "Handler method " + type.getName() + "::" + name + " has an unsupported signature " + m, null);
    }

    private static Optional<Method> find(Class<?> type, String name, Class<?>... parameters) {
        try {
            return Optional.of(type.getMethod(name, parameters));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** Invokes the handler; a handler exception comes out as the Throwable it threw. */
    JsonNode invoke(JsonNode payload, Context context) throws Throwable {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(payload == null ? NullNode.instance : payload);
        try {
            switch (kind) {
                case STREAM, STREAM_NO_CONTEXT -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    if (kind == Kind.STREAM) {
                        method.invoke(instance, new ByteArrayInputStream(bytes), out, context);
                    } else {
                        method.invoke(instance, new ByteArrayInputStream(bytes), out);
                    }
                    return out.size() == 0 ? NullNode.instance : Json.MAPPER.readTree(out.toByteArray());
                }
                case NO_INPUT -> {
                    return toJson(method.invoke(instance));
                }
                default -> {
                    Object input;
                    try {
                        input = Json.MAPPER.readValue(bytes, inputType);
                    } catch (Exception e) {
                        throw LambdaError.runtime("java.lang.RuntimeException",
                                "An error occurred during JSON parsing", e);
                    }
                    Object result = kind == Kind.POJO_WITH_CONTEXT
                            ? method.invoke(instance, input, context)
                            : method.invoke(instance, input);
                    return toJson(result);
                }
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private JsonNode toJson(Object result) throws LambdaError {
        if (method.getReturnType() == void.class || result == null) {
            return NullNode.instance;
        }
        try {
            return Json.MAPPER.valueToTree(result);
        } catch (IllegalArgumentException e) {
            throw LambdaError.runtime("java.lang.RuntimeException", "An error occurred during JSON serialization",
                    e);
        }
    }
}
