package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Log delivery: create, get, list, PATCH status; no delete; limits on enabled configurations. */
class LogDeliveryContractTest {
  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;
  String credentialsId;
  String storageId;

  @BeforeEach
  void objects() {
    f = new Fixtures(emu);
    credentialsId = f.credential().getCredentialsId();
    storageId = f.storage().getStorageConfigurationId();
  }

  private CreateLogDeliveryConfigurationParams billing(String prefix) {
    return new CreateLogDeliveryConfigurationParams()
        .setConfigName("billing-" + prefix)
        .setLogType(LogType.BILLABLE_USAGE)
        .setOutputFormat(OutputFormat.CSV)
        .setCredentialsId(credentialsId)
        .setStorageConfigurationId(storageId)
        .setDeliveryPathPrefix(prefix);
  }

  private LogDeliveryConfiguration create(CreateLogDeliveryConfigurationParams params) {
    return f.a.logDelivery().create(new WrappedCreateLogDeliveryConfiguration().setLogDeliveryConfiguration(params)).getLogDeliveryConfiguration();
  }

  private void setStatus(LogDeliveryConfiguration c, LogDeliveryConfigStatus status) {
    f.a.logDelivery()
        .patchStatus(new UpdateLogDeliveryConfigurationStatusRequest().setLogDeliveryConfigurationId(c.getConfigId()).setStatus(status));
  }

  @Test
  void logDelivery_createGetListPatchStatus_roundTrips() {
    LogDeliveryConfiguration c = create(billing("usage"));

    assertThat(c.getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
    assertThat(f.a.logDelivery().get(c.getConfigId()).getLogDeliveryConfiguration().getDeliveryPathPrefix()).isEqualTo("usage");
    setStatus(c, LogDeliveryConfigStatus.DISABLED);
    assertThat(f.a.logDelivery().get(c.getConfigId()).getLogDeliveryConfiguration().getStatus()).isEqualTo(LogDeliveryConfigStatus.DISABLED);
    List<LogDeliveryConfiguration> enabled =
        StreamSupport.stream(f.a.logDelivery().list(new ListLogDeliveryRequest().setStatus(LogDeliveryConfigStatus.ENABLED)).spliterator(), false)
            .toList();
    assertThat(enabled).isEmpty();
    assertThat(f.a.logDelivery().list(new ListLogDeliveryRequest())).hasSize(1);
  }

  @Test
  void logDelivery_formatThatDoesNotMatchTheLogType_isRefusedWithInvalidParameterValue() {
    assertThatThrownBy(() -> create(billing("x").setOutputFormat(OutputFormat.JSON))).isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void logDelivery_unknownCredentials_isRefusedWithInvalidParameterValue() {
    assertThatThrownBy(() -> create(billing("x").setCredentialsId("nope"))).isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void logDelivery_thirdEnabledAccountLevelConfigurationOfALogType_isRefused() {
    create(billing("one"));
    LogDeliveryConfiguration second = create(billing("two"));
    create(billing("audit").setLogType(LogType.AUDIT_LOGS).setOutputFormat(OutputFormat.JSON));

    assertThatThrownBy(() -> create(billing("three"))).isInstanceOf(BadRequest.class).hasMessageContaining("at most 2 enabled account-level");

    setStatus(second, LogDeliveryConfigStatus.DISABLED);
    LogDeliveryConfiguration third = create(billing("three"));
    assertThatThrownBy(() -> setStatus(second, LogDeliveryConfigStatus.ENABLED)).isInstanceOf(BadRequest.class);
    assertThat(third.getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
  }

  @Test
  void logDelivery_thirdEnabledConfigurationForOneWorkspace_isRefused() {
    long ws = f.runningWorkspace().getWorkspaceId();
    create(billing("w1").setWorkspaceIdsFilter(List.of(ws)));
    create(billing("w2").setWorkspaceIdsFilter(List.of(ws)));

    assertThatThrownBy(() -> create(billing("w3").setWorkspaceIdsFilter(List.of(ws))))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("Workspace " + ws);
  }

  @Test
  void logDelivery_sameFieldsAsAnEnabledOne_isRefusedWithResourceAlreadyExists() {
    create(billing("same"));

    assertThatThrownBy(() -> create(billing("same").setConfigName("other name"))).isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void logDelivery_unknownId_isResourceDoesNotExist() {
    assertThatThrownBy(() -> f.a.logDelivery().get("nope")).isInstanceOf(ResourceDoesNotExist.class);
  }
}
