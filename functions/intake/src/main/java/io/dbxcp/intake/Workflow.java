package io.dbxcp.intake;

import java.util.Arrays;
import java.util.Optional;

/** The workflows the intake starts, each a state machine of statemachines/ named the same. */
public enum Workflow {
    PROVISION_WORKSPACE("provision-workspace"),
    ONBOARD_ACCOUNT("onboard-account"),
    ROTATE_KEY("rotate-key"),
    ROTATE_SECRETS("rotate-secrets"),
    SYNC_SECRET_SCOPES("sync-secret-scopes"),
    MOUNT_BUCKETS("mount-buckets");

    private final String id;

    Workflow(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The environment variable holding the ARN of this workflow's state machine. */
    public String stateMachineVariable() {
        return name() + "_STATE_MACHINE_ARN";
    }

    public static Optional<Workflow> byId(String id) {
        return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst();
    }
}
