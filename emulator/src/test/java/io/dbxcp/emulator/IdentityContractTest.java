package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretRequest;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretResponse;
import com.databricks.sdk.service.oauth2.SecretInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Account SCIM (service principals, groups), OAuth secrets, workspace assignment. */
class IdentityContractTest {
  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;

  @BeforeEach
  void client() {
    f = new Fixtures(emu);
  }

  private ServicePrincipal servicePrincipal(String name) {
    return f.a.servicePrincipals().create(new ServicePrincipal().setDisplayName(name).setActive(true));
  }

  private static <T> List<T> all(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }

  private static PartialUpdate patch(String id, PatchOp op, String path, Object value) {
    return new PartialUpdate()
        .setId(id)
        .setSchemas(List.of(PatchSchema.URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP))
        .setOperations(List.of(new Patch().setOp(op).setPath(path).setValue(value)));
  }

  @Test
  void servicePrincipals_createGetDelete_roundTripsWithAGeneratedApplicationId() {
    ServicePrincipal sp = servicePrincipal("automation");

    assertThat(sp.getApplicationId()).matches("[0-9a-f-]{36}");
    assertThat(Long.parseLong(sp.getId())).isPositive();
    assertThat(f.a.servicePrincipals().get(sp.getId()).getDisplayName()).isEqualTo("automation");
    f.a.servicePrincipals().delete(sp.getId());
    assertThatThrownBy(() -> f.a.servicePrincipals().get(sp.getId())).isInstanceOf(NotFound.class);
  }

  @Test
  void servicePrincipals_moreThanAPage_areAllListedByTheSdkPagingOnStartIndex() {
    emu.scenario().scimMaxPageSize(5);
    for (int i = 0; i < 12; i++) {
      servicePrincipal("sp-" + i);
    }

    List<ServicePrincipal> listed = all(f.a.servicePrincipals().list(new ListAccountServicePrincipalsRequest()));

    assertThat(listed).hasSize(14).extracting(ServicePrincipal::getId).doesNotHaveDuplicates();
    assertThat(emu.requests())
        .filteredOn(r -> r.path().endsWith("/scim/v2/ServicePrincipals") && r.method().equals("GET"))
        .extracting(r -> r.query())
        .anyMatch(q -> q.contains("startIndex=6"))
        .anyMatch(q -> q.contains("startIndex=11"))
        .hasSize(4);
  }

  @Test
  void servicePrincipals_filterOnDisplayName_findsTheOne() {
    servicePrincipal("alpha");
    ServicePrincipal beta = servicePrincipal("beta");

    List<ServicePrincipal> found =
        all(f.a.servicePrincipals().list(new ListAccountServicePrincipalsRequest().setFilter("displayName eq \"beta\"")));

    assertThat(found).extracting(ServicePrincipal::getId).containsExactly(beta.getId());
  }

  @Test
  void servicePrincipals_patchAddsTheAccountAdminRole_makesItAnAccountAdmin() {
    ServicePrincipal sp = servicePrincipal("new-admin");
    CreateServicePrincipalSecretResponse secret =
        f.a.servicePrincipalSecrets().create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()));
    AccountClient asIt = new AccountClient(emu.accountConfig(sp.getApplicationId(), secret.getSecret()));
    assertThatThrownBy(() -> asIt.credentials().list()).isInstanceOf(PermissionDenied.class);

    f.a.servicePrincipals().patch(patch(sp.getId(), PatchOp.ADD, "roles", List.of(Map.of("value", "account_admin"))));

    assertThat(f.a.servicePrincipals().get(sp.getId()).getRoles()).extracting(ComplexValue::getValue).containsExactly("account_admin");
    assertThat(asIt.credentials().list()).isEmpty();
  }

  @Test
  void groups_createPatchMembersAndList_reflectMembershipOnThePrincipal() {
    ServicePrincipal one = servicePrincipal("one");
    ServicePrincipal two = servicePrincipal("two");
    Group g = f.a.groups().create(new Group().setDisplayName("platform").setMembers(List.of(new ComplexValue().setValue(one.getId()))));

    f.a.groups().patch(patch(g.getId(), PatchOp.ADD, "members", List.of(Map.of("value", two.getId()))));
    f.a.groups().patch(patch(g.getId(), PatchOp.REMOVE, "members[value eq \"" + one.getId() + "\"]", null));

    assertThat(f.a.groups().get(g.getId()).getMembers()).extracting(ComplexValue::getValue).containsExactly(two.getId());
    assertThat(f.a.servicePrincipals().get(two.getId()).getGroups()).extracting(ComplexValue::getDisplay).containsExactly("platform");
    assertThat(all(f.a.groups().list(new ListAccountGroupsRequest()))).extracting(Group::getDisplayName).containsExactly("platform");
  }

  @Test
  void groups_displayNameTaken_isAScimConflict() {
    f.a.groups().create(new Group().setDisplayName("admins-team"));

    assertThatThrownBy(() -> f.a.groups().create(new Group().setDisplayName("admins-team")))
        .isInstanceOf(ResourceConflict.class)
        .hasMessageContaining("uniqueness");
  }

  @Test
  void groups_unknownId_isAScimNotFound() {
    assertThatThrownBy(() -> f.a.groups().get("123")).isInstanceOf(NotFound.class);
  }

  @Test
  void secrets_created_giveAWorkingClientSecretThatListNeverShows() {
    ServicePrincipal sp = servicePrincipal("rotating");
    f.a.servicePrincipals().patch(patch(sp.getId(), PatchOp.ADD, "roles", List.of(Map.of("value", "account_admin"))));

    CreateServicePrincipalSecretResponse created =
        f.a.servicePrincipalSecrets()
            .create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()).setLifetime("86400s"));

    assertThat(created.getSecret()).startsWith("dose");
    assertThat(created.getStatus()).isEqualTo("ACTIVE");
    assertThat(Duration.between(java.time.Instant.parse(created.getCreateTime()), java.time.Instant.parse(created.getExpireTime())))
        .isEqualTo(Duration.ofDays(1));
    assertThat(new AccountClient(emu.accountConfig(sp.getApplicationId(), created.getSecret())).credentials().list()).isEmpty();
    List<SecretInfo> listed = all(f.a.servicePrincipalSecrets().list(sp.getId()));
    assertThat(listed).extracting(SecretInfo::getId).containsExactly(created.getId());
    assertThat(listed.get(0).getSecretHash()).isEqualTo(created.getSecretHash());
    assertThat(emu.state().toString()).doesNotContain(created.getSecret());
  }

  @Test
  void secrets_lifetimeOverTwoYears_isRefusedWithInvalidParameterValue() {
    ServicePrincipal sp = servicePrincipal("long-lived");

    assertThatThrownBy(
            () ->
                f.a.servicePrincipalSecrets()
                    .create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()).setLifetime((731L * 86400) + "s")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("730 days");
    assertThat(
            f.a.servicePrincipalSecrets()
                .create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()).setLifetime((730L * 86400) + "s"))
                .getSecret())
        .isNotBlank();
  }

  @Test
  void secrets_deletedOrExpired_nolongerGetAToken() {
    ServicePrincipal sp = servicePrincipal("short");
    CreateServicePrincipalSecretResponse gone =
        f.a.servicePrincipalSecrets().create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()));
    CreateServicePrincipalSecretResponse expiring =
        f.a.servicePrincipalSecrets()
            .create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()).setLifetime("60s"));

    f.a.servicePrincipalSecrets().delete(sp.getId(), gone.getId());
    emu.clock().advance(Duration.ofMinutes(2));

    assertThatThrownBy(() -> new AccountClient(emu.accountConfig(sp.getApplicationId(), gone.getSecret())).credentials().list())
        .hasRootCauseInstanceOf(Unauthenticated.class);
    assertThatThrownBy(() -> new AccountClient(emu.accountConfig(sp.getApplicationId(), expiring.getSecret())).credentials().list())
        .hasRootCauseInstanceOf(Unauthenticated.class);
    assertThat(all(f.a.servicePrincipalSecrets().list(sp.getId()))).extracting(SecretInfo::getStatus).containsExactly("EXPIRED");
  }

  @Test
  void workspaceAssignment_userPrincipalAssigned_canUseTheWorkspaceUntilUnassigned() {
    Workspace w = f.runningWorkspace();
    long userId = Long.parseLong(emu.emulator().userPrincipalId());
    AccountClient user = new AccountClient(emu.accountConfig(emu.userClientId(), emu.userClientSecret()));

    f.a.workspaceAssignment()
        .update(new UpdateWorkspaceAssignments().setWorkspaceId(w.getWorkspaceId()).setPrincipalId(userId).setPermissions(List.of(WorkspacePermission.USER)));

    assertThat(user.getWorkspaceClient(w).currentUser().me(new MeRequest()).getUserName()).isEqualTo(emu.userClientId());
    assertThat(all(f.a.workspaceAssignment().list(w.getWorkspaceId())))
        .extracting(PermissionAssignment::getPrincipal)
        .extracting(p -> p.getPrincipalId())
        .contains(userId);

    f.a.workspaceAssignment().delete(w.getWorkspaceId(), userId);

    assertThatThrownBy(() -> user.getWorkspaceClient(w).currentUser().me(new MeRequest())).isInstanceOf(PermissionDenied.class);
  }
}
