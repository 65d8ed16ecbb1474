package io.dbxcp.keys.model;

import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Workspace;

/**
 * The two ways a workspace uses a customer-managed key, each with the workspace field that holds
 * the key configuration's id (the field named in a PATCH's {@code update_mask}).
 */
public enum KeyUse {
    /** Notebooks, secrets, SQL queries and query history in the control plane. Can be rotated to another key. */
    MANAGED_SERVICES("managed_services_customer_managed_key_id", KeyUseCase.MANAGED_SERVICES),
    /** The root bucket (DBFS root) and, when the key configuration says so, the clusters' EBS volumes. Added once, never replaced. */
    STORAGE("storage_customer_managed_key_id", KeyUseCase.STORAGE);

    private final String field;
    private final KeyUseCase sdk;

    KeyUse(String field, KeyUseCase sdk) {
        this.field = field;
        this.sdk = sdk;
    }

    /** The workspace field, as the Account API and {@code update_mask} name it. */
    public String field() {
        return field;
    }

    public KeyUseCase sdk() {
        return sdk;
    }

    /** The key configuration id this workspace holds for this use, or null. */
    public String read(Workspace w) {
        return this == MANAGED_SERVICES ? w.getManagedServicesCustomerManagedKeyId() : w.getStorageCustomerManagedKeyId();
    }

    /** A PATCH body holding only this field. */
    public Workspace body(String keyConfigurationId) {
        Workspace w = new Workspace();
        return this == MANAGED_SERVICES ? w.setManagedServicesCustomerManagedKeyId(keyConfigurationId)
                : w.setStorageCustomerManagedKeyId(keyConfigurationId);
    }

    /** What losing this key takes away, for people reading an alert. */
    public String impact() {
        return this == MANAGED_SERVICES
                ? "notebooks, secrets, SQL queries and query history in the control plane can no longer be read or written"
                        + " once Databricks' cached data encryption key expires"
                : "the root bucket (DBFS root, system data) and, when the key is reused for them, the clusters' EBS volumes"
                        + " can no longer be decrypted; clusters fail to start";
    }
}
