package io.dbxcp.storage.dbfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.storage.model.BucketPlan;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.Mode;
import io.dbxcp.storage.model.MountRun;
import io.dbxcp.storage.model.WorkspaceRef;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A retried SubmitMountRun (Lambda or state machine retry of the same execution) finds the run it started. */
class SubmitIdempotencyTest {
    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().build();

    @Test
    void submitTwiceForTheSameExecutionAndBucket_returnsTheSameRun_andStartsOne() throws Exception {
        AccountClient a = new AccountClient(emu.accountConfig());
        String credentials = a.credentials().create(new CreateCredentialRequest().setCredentialsName("c").setAwsCredentials(
                new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn("arn:aws:iam::123456789012:role/c"))))
                .getCredentialsId();
        String storage = a.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName("s")
                .setRootBucketInfo(new RootBucketInfo().setBucketName("s-root"))).getStorageConfigurationId();
        Workspace w = a.workspaces().create(new CreateWorkspaceRequest().setWorkspaceName("idem").setDeploymentName("idem")
                .setAwsRegion("us-east-1").setCredentialsId(credentials).setStorageConfigurationId(storage)).get(Duration.ofSeconds(30));
        WorkspaceClient ws = a.getWorkspaceClient(w);
        String profile = "arn:aws:iam::123456789012:instance-profile/data";
        ws.instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(profile));
        DbfsMountService service = new DbfsMountService((id, name) -> ws, MountSettings.DEFAULTS, Clock.systemUTC());
        BucketState state = new BucketState("req-idem", "mount-req-idem", Mode.DBFS_MOUNT, new WorkspaceRef(w.getWorkspaceId(), "idem", "idem"),
                new BucketPlan("lake", "lake", profile, null, null, false, "/mnt/lake", "s3a://lake", null), null, null, null, null, null, null);

        MountRun first = service.submit(state);
        MountRun retried = service.submit(state);

        assertThat(retried.runId()).isEqualTo(first.runId());
        assertThat(retried.idempotencyToken()).isEqualTo(first.idempotencyToken());
        assertThat(emu.state().at("/workspaces/0/contents/job_runs")).hasSize(1);
    }
}
