package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.details.ErrorInfo;
import com.databricks.sdk.core.error.platform.InternalError;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.RequestLimitExceeded;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's retries against injected faults and the rate limit; error bodies as the SDK reads them. */
class RetriesAndFaultsContractTest {
  static final String CREDENTIALS = "/api/2.0/accounts/*/credentials";

  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  AccountClient a;

  @BeforeEach
  void client() {
    a = new AccountClient(emu.accountConfig());
    a.credentials().list();
  }

  @Test
  void faults_two429WithRetryAfter1_theSdkWaitsAndTheCallSucceeds() {
    emu.faults().add(Faults.Rule.error("GET", CREDENTIALS, 2, 429, "REQUEST_LIMIT_EXCEEDED", "slow down").withRetryAfter(1));
    long started = System.nanoTime();

    assertThat(a.credentials().list()).isEmpty();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(emu.requests())
        .filteredOn(r -> r.path().endsWith("/credentials"))
        .extracting(RequestLog.Entry::status)
        .containsExactly(200, 429, 429, 200);
  }

  @Test
  void faults_500_isNotRetriedAndSurfacesAsInternalError() {
    emu.faults().add(Faults.Rule.error("GET", CREDENTIALS, 1, 500, "INTERNAL_ERROR", "boom"));

    assertThatThrownBy(() -> a.credentials().list()).isInstanceOf(InternalError.class).hasMessage("boom");
    assertThat(a.credentials().list()).isEmpty();
  }

  @Test
  void faults_injectedErrorCode_isTheSdkTypedException() {
    emu.faults().add(Faults.Rule.error("*", "regex:^/api/2\\.0/accounts/[^/]+/workspaces/\\d+$", 1, 400, "INVALID_STATE", "injected"));

    assertThatThrownBy(() -> a.workspaces().get(1234L)).isInstanceOf(InvalidState.class).hasMessage("injected");
    assertThatThrownBy(() -> a.workspaces().get(1234L)).as("one use only").isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void faults_latencyOnly_delaysTheResponseAndServesIt() {
    emu.faults().add(Faults.Rule.latency("GET", CREDENTIALS, 1, 300));

    assertThat(a.credentials().list()).isEmpty();

    RequestLog.Entry last = emu.requests().getLast();
    assertThat(last.durationMs()).isGreaterThanOrEqualTo(300);
    assertThat(last.status()).isEqualTo(200);
    assertThat(last.fault()).isNotNull();
  }

  @Test
  void rateLimit_beyondTheBucket_answers429AndTheSdkRetriesUntilServed() {
    AccountClient noRetries = new AccountClient(emu.accountConfig().setDisableRetries(true));
    noRetries.credentials().list();
    emu.scenario().rateLimit(1, 1);
    noRetries.credentials().list();

    assertThatThrownBy(() -> noRetries.credentials().list()).isInstanceOf(RequestLimitExceeded.class);

    assertThat(a.credentials().list()).as("the SDK retries after Retry-After").isEmpty();
    assertThat(emu.requests()).extracting(RequestLog.Entry::errorCode).contains("REQUEST_LIMIT_EXCEEDED");
    assertThat(emu.requests().getLast().status()).isEqualTo(200);
  }

  @Test
  void modeledLatency_ofOneFamily_slowsOnlyThatFamily() {
    emu.scenario().latency("account.credentials", Duration.ofMillis(250));

    a.credentials().list();
    a.storage().list();

    assertThat(emu.requests()).filteredOn(r -> "account.credentials".equals(r.family())).last().extracting(RequestLog.Entry::durationMs)
        .satisfies(ms -> assertThat((long) ms).isGreaterThanOrEqualTo(250));
    assertThat(emu.requests()).filteredOn(r -> "account.storage".equals(r.family())).last().extracting(RequestLog.Entry::durationMs)
        .satisfies(ms -> assertThat((long) ms).isLessThan(250));
  }

  @Test
  void errorBody_readByTheSdk_hasTheCodeAndAnErrorInfoDetail() {
    DatabricksError e = (DatabricksError) org.assertj.core.api.Assertions.catchThrowable(() -> a.credentials().get("missing"));

    assertThat(e).isInstanceOf(ResourceDoesNotExist.class);
    assertThat(e.getErrorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(e.getStatusCode()).isEqualTo(404);
    ErrorInfo info = e.getErrorDetails().errorInfo().orElseThrow();
    assertThat(info.reason()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(info.domain()).isEqualTo("accounts.databricks.com");
  }

  @Test
  void unknownEndpoint_isNotFoundWithEndpointNotFound() {
    AccountClient client = a;
    DatabricksError e =
        (DatabricksError)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> client.budgets().get(new com.databricks.sdk.service.billing.GetBudgetConfigurationRequest().setBudgetId("b")));

    assertThat(e).isInstanceOf(NotFound.class);
    assertThat(e.getErrorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
  }
}
