package io.dbxcp.local.engine;

/** Serves the Task states of running executions; called on a worker thread, may block. */
@FunctionalInterface
public interface TaskHandler {
    TaskOutcome handle(TaskCall call);
}
