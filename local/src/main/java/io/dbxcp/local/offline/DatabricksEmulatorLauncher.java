package io.dbxcp.local.offline;

import java.util.Optional;

/**
 * Starts the Databricks emulator (module emulator, package io.dbxcp.emulator) in this JVM on a free port, with an
 * account and an account admin service principal whose OAuth credentials the handlers use.
 */
final class DatabricksEmulatorLauncher {

    /** The account id of the offline Databricks account. */
    static final String ACCOUNT_ID = "00000000-0000-4000-8000-000000000001";

    private DatabricksEmulatorLauncher() {
    }

    /**
     * Starts the emulator, or says why it cannot.
     *
     * @return the running emulator, or empty with {@code why} filled when the emulator module offers no way to start
     *         it yet
     */
    static Optional<DatabricksBackend> start(StringBuilder why) {
        why.append("the emulator module does not offer an embeddable server yet (io.dbxcp.emulator);"
                + " handlers that call Databricks need DATABRICKS_HOST set by hand");
        return Optional.empty();
    }
}
