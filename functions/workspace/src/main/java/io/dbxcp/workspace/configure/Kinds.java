package io.dbxcp.workspace.configure;

/** The {@link io.dbxcp.workspace.model.Ref#kind()} of each object the configure steps make or reuse. */
public final class Kinds {
    public static final String CLUSTER_POLICY = "cluster-policy";
    public static final String GLOBAL_INIT_SCRIPT = "global-init-script";
    public static final String SECRET_SCOPE = "secret-scope";
    public static final String INSTANCE_PROFILE = "instance-profile";
    public static final String SERVICE_PRINCIPAL = "service-principal";
    /** The automation principal's membership of the workspace (id: the principal's SCIM id). */
    public static final String WORKSPACE_ASSIGNMENT = "workspace-assignment";
    public static final String OBO_TOKEN = "obo-token";
    /** A Secrets Manager secret (id: its ARN). */
    public static final String SECRET = "secret";
    public static final String LOG_DELIVERY = "log-delivery";
    public static final String CREDENTIALS = "credentials";
    public static final String STORAGE_CONFIGURATION = "storage-configuration";
    public static final String METASTORE_ASSIGNMENT = "metastore-assignment";

    private Kinds() {}
}
