package io.dbxcp.local.offline;

import java.util.Map;

/** A Databricks the handlers talk to: the emulator by default, or a real account. */
public interface DatabricksBackend extends AutoCloseable {

    /** DATABRICKS_HOST, DATABRICKS_ACCOUNT_ID, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET for the handlers. */
    Map<String, String> environment();

    /** A short description for the progress output (never a secret). */
    String describe();

    @Override
    void close();
}
