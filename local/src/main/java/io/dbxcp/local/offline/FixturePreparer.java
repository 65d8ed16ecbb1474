package io.dbxcp.local.offline;

import java.util.Set;

/**
 * Prepares the offline AWS (moto) and Databricks (emulator) objects a workflow's sample event expects before a
 * local run: keys, buckets, roles, an account admin... One per workflow, found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/io.dbxcp.local.offline.FixturePreparer} of the module that
 * has it on the runner's classpath). Never used against a real account.
 */
public interface FixturePreparer {

    /** The workflows (names as in statemachines/, e.g. "provision-workspace") it prepares; empty for all. */
    Set<String> workflows();

    /** Creates what the run needs; must be idempotent (moto and the emulator may be reused). */
    void prepare(FixtureContext context) throws Exception;
}
