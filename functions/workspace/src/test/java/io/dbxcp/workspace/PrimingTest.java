package io.dbxcp.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbxcp.common.config.Env;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.workspace.configure.ConfigureClusterPoliciesHandler;
import io.dbxcp.workspace.register.RegisterCredentialsHandler;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SnapStart priming reads and writes the payload of a real run, as a first invocation does, and calls nothing over the network. */
class PrimingTest {
    @RegisterExtension
    static DatabricksEmulatorExtension emulator = DatabricksEmulatorExtension.builder().build();

    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @AfterEach
    void clear() {
        Env.clearOverride();
    }

    @Test
    void prime_ofStepHandlers_readsARealStateAndMakesNoDatabricksCall() {
        Map<String, String> env = new HashMap<>(moto.environment());
        env.putAll(emulator.emulator().env());
        Env.override(env);
        int requests = emulator.requests().size();
        RegisterCredentialsHandler register = new RegisterCredentialsHandler();
        ConfigureClusterPoliciesHandler policies = new ConfigureClusterPoliciesHandler();

        register.priming().prime();
        policies.priming().prime();

        assertThat(emulator.requests()).as("requests to Databricks while priming").hasSize(requests);
        assertThat(register.priming().failure()).isNull();
        assertThat(policies.priming().failure()).isNull();
    }
}
