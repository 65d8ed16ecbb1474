package io.dbxcp.common.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.details.ErrorDetails;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.RequestLimitExceeded;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.TemporarilyUnavailable;
import io.dbxcp.common.errors.NotYetConsistentException;
import io.dbxcp.common.errors.TransientException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The mapping itself, on the exceptions the SDK throws (the service tests reach it through the emulator). */
class DatabricksErrorsTest {
    private static final ErrorDetails NONE = ErrorDetails.builder().build();

    private static void failWith(RuntimeException e) {
        DatabricksErrors.run("do it", () -> {
            throw e;
        });
    }

    @Test
    void call_retriesOfTheSdkUsedUp_isTransientNamingTheLastError() {
        DatabricksException used = new DatabricksException("Request GET /api/2.0/x failed after 4 retries",
                new TemporarilyUnavailable("Workspace is not reachable yet", NONE));

        assertThatThrownBy(() -> failWith(used))
                .isInstanceOf(TransientException.class)
                .hasMessage("do it failed and may pass on retry: 503 TEMPORARILY_UNAVAILABLE: Workspace is not reachable yet")
                .hasCause(used);
    }

    @Test
    void call_throttledOrServerError_isTransient() {
        assertThatThrownBy(() -> failWith(new RequestLimitExceeded("slow down", NONE))).isInstanceOf(TransientException.class);
        assertThatThrownBy(() -> failWith(new DatabricksError("BAD_GATEWAY", "upstream", 502))).isInstanceOf(TransientException.class);
    }

    @Test
    void call_socketTimeoutUnderTheSdk_isTransient() {
        DatabricksError io = new DatabricksError("IO_ERROR", 523, new SocketTimeoutException("Read timed out"));

        assertThatThrownBy(() -> failWith(new DatabricksException("IO error: Read timed out", io)))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("Read timed out");
    }

    @Test
    void call_credentialsNotYetValid_isNotYetConsistent() {
        assertThatThrownBy(() -> failWith(new InvalidParameterValue("Failed credentials validation checks: Spot Cancellation", NONE)))
                .isInstanceOf(NotYetConsistentException.class);
    }

    @Test
    void call_otherErrors_passThroughAsTheSdkTypedThem() {
        ResourceAlreadyExists exists = new ResourceAlreadyExists("taken", NONE);
        InvalidParameterValue invalid = new InvalidParameterValue("bad", NONE);

        assertThatThrownBy(() -> failWith(exists)).isSameAs(exists);
        assertThatThrownBy(() -> failWith(invalid)).isSameAs(invalid);
        assertThat(DatabricksErrors.isConflict(exists)).isTrue();
    }
}
