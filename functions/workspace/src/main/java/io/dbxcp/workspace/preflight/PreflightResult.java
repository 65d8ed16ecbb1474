package io.dbxcp.workspace.preflight;

import java.util.List;

/** Step 1's result at {@code $.preflight}: what was checked on the AWS side, each a resource and what held. */
public record PreflightResult(List<String> checked) {
    public PreflightResult {
        checked = List.copyOf(checked);
    }
}
