package io.dbxcp.common.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialised function, run the code a
 * first invocation needs (JSON round trips of the real payload shapes, the logging and metrics
 * start) so that its classes are loaded and initialised in the snapshot, not after every restore.
 * A prime must make no network call: anything tied to time, credentials or connections is built
 * after the restore (the Databricks clients drop themselves before the checkpoint). A prime that
 * fails is logged and ignored: it must never stop a deployment.
 */
public final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** CRaC keeps resources weakly: hold them here. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Runnable prime;
    private volatile RuntimeException failure;

    private Priming(String name, Runnable prime) {
        this.name = name;
        this.prime = prime;
    }

    /** Registers a prime to run before the checkpoint; returns it (tests run it directly). */
    public static Priming register(String name, Runnable prime) {
        Priming p = new Priming(name, prime);
        REGISTERED.add(p);
        Core.getGlobalContext().register(p);
        return p;
    }

    /** The usual prime of a Task handler: reads a payload into its input type and writes it back, starts logging and metrics. */
    public static void roundTrip(String payload, Class<?> inputType) {
        try {
            io.dbxcp.common.json.Json.WRITER_WITH_NULLS.writeValueAsBytes(io.dbxcp.common.json.Json.MAPPER.readValue(payload, inputType));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LOG.debug("primed {}", inputType.getSimpleName());
        Handlers.metrics();
    }

    /** Runs the prime now; what beforeCheckpoint does. */
    public void prime() {
        long start = System.nanoTime();
        try {
            prime.run();
            failure = null;
            LOG.debug("primed {} in {} ms", name, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            failure = e;
            LOG.warn("priming {} failed, the function still works: {}", name, e.toString());
        }
    }

    /** Why the last prime failed, or null. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: what depends on time or credentials is built on first use after the restore
    }
}
