package io.dbxcp.workspace.configure;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * State ConfigureAutomationPrincipal of provision-workspace: the automation service principal, its
 * workspace membership and its on-behalf-of token in Secrets Manager. See {@link
 * AutomationPrincipalService}.
 */
public final class ConfigureAutomationPrincipalHandler extends StepHandler<List<Ref>> {
    private final AutomationPrincipalService service;

    public ConfigureAutomationPrincipalHandler() {
        this(WorkspaceClients.fromEnv());
    }

    private ConfigureAutomationPrincipalHandler(WorkspaceClients clients) {
        this(new AutomationPrincipalService(clients.databricks(), AwsClients.build(SecretsManagerClient.builder(), clients.aws()),
                Clock.systemUTC()));
    }

    ConfigureAutomationPrincipalHandler(AutomationPrincipalService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.configure(state);
    }
}
