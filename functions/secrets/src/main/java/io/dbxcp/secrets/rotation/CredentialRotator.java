package io.dbxcp.secrets.rotation;

import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.store.ManagedSecret;
import java.util.List;
import java.util.Optional;

/** Makes, tests and retires the Databricks credential of one kind of secret. */
public interface CredentialRotator {

    SecretKind kind();

    /**
     * createSecret: a new credential beside the current one (which keeps working), as the value to
     * store as AWSPENDING.
     */
    Issued issue(ManagedSecret secret, String currentValue);

    /** setSecret: the pending value is in the shape this kind needs (Databricks made it at createSecret: nothing else to set). */
    void check(ManagedSecret secret, String pendingValue);

    /** testSecret: the credential works against Databricks; else {@link CredentialTestFailedException}. */
    void verify(ManagedSecret secret, String value);

    /**
     * finishSecret, after the switch: retires the credentials older than the previous one, so two
     * stay alive (the new current and the previous). Idempotent.
     *
     * @return the ids retired now
     */
    List<String> retire(ManagedSecret secret, String currentValue, Optional<String> previousValue);

    /**
     * A credential just made.
     *
     * @param value        the secret value to store (JSON)
     * @param credentialId its id at Databricks (loggable)
     * @param discard      undoes the creation when the value cannot be stored
     */
    record Issued(String value, String credentialId, Runnable discard) {
        @Override
        public String toString() { // never the value
            return "Issued[credentialId=" + credentialId + "]";
        }
    }
}
