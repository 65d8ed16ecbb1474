package io.dbxcp.local.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** What a Task returned to the engine: a result, or an error as Step Functions names it. */
public sealed interface TaskOutcome {

    /** The Task succeeded with {@code result}. */
    record Success(JsonNode result) implements TaskOutcome {
    }

    /**
     * The Task failed with Step Functions error {@code error} and cause {@code cause}; Retry and Catch see both.
     * A {@code fatal} failure (the runner itself cannot serve the Task) ends the execution: no Retry, no Catch.
     */
    record Failure(String error, String cause, boolean fatal) implements TaskOutcome {
        public static Failure of(String error, String cause) {
            return new Failure(error, cause, false);
        }

        public static Failure fatal(String error, String cause) {
            return new Failure(error, cause, true);
        }
    }
}
