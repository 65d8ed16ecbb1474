package io.dbxcp.common.logging;

import com.amazonaws.services.lambda.runtime.Context;
import io.dbxcp.common.config.Env;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * What every handler wraps its one service call in: Powertools structured logging through its
 * functional API (no AspectJ), the domain keys of the request in the MDC, and metrics in EMF,
 * flushed in {@code finally}.
 */
public final class Handlers {
    private Handlers() {}

    public static <T> T run(Context context, Map<String, String> keys, Supplier<T> body) {
        Metrics metrics = metrics();
        return PowertoolsLogging.withLogging(context, () -> {
            keys.forEach((k, v) -> {
                if (v != null) MDC.put(k, v);
            });
            try {
                return body.get();
            } finally {
                keys.keySet().forEach(MDC::remove);
                metrics.flush();
            }
        });
    }

    /** The Powertools metrics instance, in the {@code POWERTOOLS_METRICS_NAMESPACE} namespace (default {@code dbxcp}). */
    public static Metrics metrics() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        // Set explicitly: Powertools reads the process environment, which the local runner cannot set.
        metrics.setNamespace(Env.get("POWERTOOLS_METRICS_NAMESPACE").orElse("dbxcp"));
        return metrics;
    }
}
