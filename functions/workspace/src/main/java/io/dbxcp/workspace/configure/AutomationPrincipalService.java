package io.dbxcp.workspace.configure;

import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.common.databricks.DatabricksErrors;
import io.dbxcp.common.databricks.OboTokens;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.databricks.sdk.service.settings.TokenInfo;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.json.Json;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Step 4e: the automation service principal of {@code configure.automationServicePrincipal}, its
 * membership of the workspace, and an on-behalf-of token kept in Secrets Manager.
 *
 * <ol>
 *   <li>Principal: account SCIM service principals filtered by displayName; one is reused (it must
 *       be active), none is created, several is a {@link ResourceConflictException} (the name must
 *       pick one principal).
 *   <li>Membership: the workspace's permission assignments are listed; if the principal is not
 *       among them it is assigned with permission USER (least privilege: it can call the APIs it
 *       is granted, it does not administer the workspace).
 *   <li>Token: the secret {@code dbxcp/<workspaceName>/automation-token} is read; if it holds a
 *       token of this principal for this workspace that token management still knows and that
 *       expires in more than {@link #MIN_REMAINING}, it is reused and nothing is written. Otherwise
 *       a new token is made on behalf of the principal ({@code tokenLifetimeDays}) and stored: the
 *       secret is created (tagged for the rotation workflow) or given a new version (PutSecretValue).
 *       A token that cannot be stored is deleted again. A replaced token is not revoked: it may be
 *       in use, and expires by itself.
 * </ol>
 *
 * <p>The token value goes from the create response to the secret and nowhere else: not to a log,
 * a Ref or an exception message. Refs: {@code service-principal} (SCIM id), {@code
 * workspace-assignment} (SCIM id), {@code obo-token} (token id), {@code secret} (secret ARN).
 */
public final class AutomationPrincipalService {
    /** A stored token closer than this to its expiry is replaced. */
    static final Duration MIN_REMAINING = Duration.ofDays(1);
    static final String TAG_KIND = "dbxcp:kind";
    static final String TAG_WORKSPACE_ID = "dbxcp:workspace-id";
    static final String TAG_APPLICATION_ID = "dbxcp:application-id";
    static final String KIND_OBO_TOKEN = "obo-token";
    private static final Logger LOG = LoggerFactory.getLogger(AutomationPrincipalService.class);

    private final DatabricksClients clients;
    private final SecretsManagerClient secrets;
    private final Clock clock;

    public AutomationPrincipalService(DatabricksClients clients, SecretsManagerClient secrets, Clock clock) {
        this.clients = clients;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The name of the secret that holds a workspace's automation token. */
    public static String secretName(String workspaceName) {
        return "dbxcp/" + workspaceName + "/automation-token";
    }

    public List<Ref> configure(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        WorkspaceRequest.AutomationPrincipal asked = request.configure() == null ? null : request.configure().automationServicePrincipal();
        if (asked == null) return List.of();
        long workspaceId = state.workspace().workspaceId();
        AccountClient account = clients.account();
        List<Ref> refs = new ArrayList<>();

        Principal principal = principal(account, asked.displayName());
        ServicePrincipal sp = principal.sp();
        refs.add(new Ref(Kinds.SERVICE_PRINCIPAL, sp.getId(), asked.displayName(), principal.created()));
        refs.add(membership(account, workspaceId, sp));

        WorkspaceClient ws = clients.workspace(workspaceId, state.workspace().deploymentName());
        String name = secretName(request.workspaceName());
        Optional<DescribeSecretResponse> secret = describe(name);
        if (secret.isPresent() && secret.get().deletedDate() != null) {
            AwsCalls.call("restore secret " + name, () -> secrets.restoreSecret(b -> b.secretId(name)));
            LOG.info("secret {} was scheduled for deletion: restored", name);
        }
        Map<String, String> tags = tags(workspaceId, sp.getApplicationId());
        Optional<OboToken> alive = secret.flatMap(s -> stored(s.arn())).filter(t -> alive(ws, t, sp.getApplicationId(), workspaceId));
        if (alive.isPresent()) {
            ensureTags(secret.get(), tags);
            LOG.info("automation token {} of {} reused from secret {} (expires {})", alive.get().tokenId(), sp.getApplicationId(), name,
                    alive.get().expiryTime());
            refs.add(Ref.reused(Kinds.OBO_TOKEN, alive.get().tokenId(), comment(request.workspaceName())));
            refs.add(Ref.reused(Kinds.SECRET, secret.get().arn(), name));
            return refs;
        }

        String comment = comment(request.workspaceName());
        CreateOboTokenResponse made = DatabricksErrors.call("create on-behalf-of token for " + sp.getApplicationId(),
                () -> ws.tokenManagement().createOboToken(new CreateOboTokenRequest()
                        .setApplicationId(sp.getApplicationId())
                        .setLifetimeSeconds(Duration.ofDays(asked.tokenLifetimeDays()).toSeconds())
                        .setComment(comment)));
        TokenInfo info = made.getTokenInfo();
        String tokenId = info.getTokenId();
        String expiry = info.getExpiryTime() == null || info.getExpiryTime() <= 0 ? null : Instant.ofEpochMilli(info.getExpiryTime()).toString();
        String value = Json.write(new OboToken(made.getTokenValue(), tokenId, sp.getApplicationId(), expiry, workspaceId,
                host(state.workspace())));
        LOG.info("on-behalf-of token {} created for {} (expires {})", tokenId, sp.getApplicationId(), expiry);
        if (state.since() != null) { // tokens of this comment made earlier in this run: creates whose answers were lost
            OboTokens.revokeLeftovers(ws, workspaceId, OboTokens.list(ws, workspaceId), comment, null, state.since().toEpochMilli(),
                    Set.of(tokenId));
        }
        Ref secretRef;
        try {
            secretRef = store(name, secret, value, tags, asked.displayName(), request.workspaceName());
        } catch (RuntimeException e) {
            try {
                DatabricksErrors.run("delete on-behalf-of token " + tokenId, () -> ws.tokenManagement().delete(tokenId));
                LOG.warn("on-behalf-of token {} deleted again: it could not be stored in secret {}", tokenId, name);
            } catch (RuntimeException cleanup) {
                LOG.warn("on-behalf-of token {} could not be stored nor deleted ({}); it expires by itself", tokenId,
                        cleanup.getClass().getSimpleName());
            }
            throw e;
        }
        refs.add(Ref.created(Kinds.OBO_TOKEN, tokenId, comment));
        refs.add(secretRef);
        return refs;
    }

    private record Principal(ServicePrincipal sp, boolean created) {}

    private Principal principal(AccountClient account, String displayName) {
        List<ServicePrincipal> named = DatabricksErrors.call("find service principal " + displayName, () -> StreamSupport
                .stream(account.servicePrincipals().list(new ListAccountServicePrincipalsRequest()
                        .setFilter("displayName eq \"" + displayName + "\"")).spliterator(), false)
                .filter(sp -> displayName.equalsIgnoreCase(sp.getDisplayName()))
                .toList());
        if (named.size() > 1) {
            throw new ResourceConflictException(named.size() + " service principals of the account are named '" + displayName + "' ("
                    + String.join(", ", named.stream().map(ServicePrincipal::getId).toList())
                    + "): the automation principal must be the only one of its name; rename the others or choose another displayName");
        }
        if (named.size() == 1) {
            ServicePrincipal sp = named.getFirst();
            if (Boolean.FALSE.equals(sp.getActive())) {
                throw new PreconditionFailedException("service principal '" + displayName + "' (" + sp.getId()
                        + ") exists but is deactivated: activate it, or choose another displayName");
            }
            LOG.info("service principal '{}' reused: {} ({})", displayName, sp.getId(), sp.getApplicationId());
            return new Principal(sp, false);
        }
        ServicePrincipal sp = DatabricksErrors.call("create service principal " + displayName,
                () -> account.servicePrincipals().create(new ServicePrincipal().setDisplayName(displayName).setActive(true)));
        LOG.info("service principal '{}' created: {} ({})", displayName, sp.getId(), sp.getApplicationId());
        return new Principal(sp, true);
    }

    private Ref membership(AccountClient account, long workspaceId, ServicePrincipal sp) {
        long principalId = Long.parseLong(sp.getId());
        List<PermissionAssignment> assignments = DatabricksErrors.call("list permission assignments of workspace " + workspaceId,
                () -> StreamSupport.stream(account.workspaceAssignment().list(workspaceId).spliterator(), false).toList());
        boolean member = assignments.stream()
                .anyMatch(a -> a.getPrincipal() != null && Objects.equals(a.getPrincipal().getPrincipalId(), principalId));
        if (member) {
            LOG.info("service principal {} is already assigned to workspace {}", sp.getId(), workspaceId);
            return Ref.reused(Kinds.WORKSPACE_ASSIGNMENT, sp.getId(), sp.getDisplayName());
        }
        DatabricksErrors.call("assign service principal " + sp.getId() + " to workspace " + workspaceId,
                () -> account.workspaceAssignment().update(new UpdateWorkspaceAssignments()
                        .setWorkspaceId(workspaceId)
                        .setPrincipalId(principalId)
                        .setPermissions(List.of(WorkspacePermission.USER))));
        LOG.info("service principal {} assigned to workspace {} as USER", sp.getId(), workspaceId);
        return Ref.created(Kinds.WORKSPACE_ASSIGNMENT, sp.getId(), sp.getDisplayName());
    }

    /** Whether a stored token can be reused: same principal and workspace, still known, not about to expire. */
    private boolean alive(WorkspaceClient ws, OboToken t, String applicationId, long workspaceId) {
        if (t.token() == null || t.token().isBlank() || t.tokenId() == null
                || !applicationId.equals(t.applicationId()) || !Objects.equals(t.workspaceId(), workspaceId)) {
            LOG.info("the stored automation token is for another principal or workspace, or incomplete: a new one is made");
            return false;
        }
        TokenInfo info;
        try {
            info = DatabricksErrors.call("read on-behalf-of token " + t.tokenId(), () -> ws.tokenManagement().get(t.tokenId()).getTokenInfo());
        } catch (RuntimeException e) {
            if (!DatabricksErrors.isNotFound(e)) throw e;
            LOG.info("the stored automation token {} no longer exists on the workspace: a new one is made", t.tokenId());
            return false;
        }
        Long expiry = info == null ? null : info.getExpiryTime();
        if (expiry != null && expiry > 0 && Instant.ofEpochMilli(expiry).isBefore(clock.instant().plus(MIN_REMAINING))) {
            LOG.info("the stored automation token {} expires at {}, in less than {}: a new one is made", t.tokenId(),
                    Instant.ofEpochMilli(expiry), MIN_REMAINING);
            return false;
        }
        return true;
    }

    private Optional<DescribeSecretResponse> describe(String name) {
        try {
            return Optional.of(AwsCalls.call("describe secret " + name, () -> secrets.describeSecret(b -> b.secretId(name))));
        } catch (ResourceNotFoundException absent) {
            return Optional.empty();
        }
    }

    /** The token in the secret's current version, if it holds one in the expected shape. */
    private Optional<OboToken> stored(String arn) {
        String text;
        try {
            text = AwsCalls.call("read secret " + arn, () -> secrets.getSecretValue(b -> b.secretId(arn)).secretString());
        } catch (ResourceNotFoundException noValue) {
            return Optional.empty();
        }
        if (text == null) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(text, OboToken.class));
        } catch (Exception notOurs) { // the parser's message may quote the value: never pass it on
            LOG.info("secret {} does not hold an automation token in the expected JSON shape: it is given a new value", arn);
            return Optional.empty();
        }
    }

    private Ref store(String name, Optional<DescribeSecretResponse> secret, String value, Map<String, String> tags, String displayName,
                      String workspaceName) {
        if (secret.isPresent()) {
            String arn = secret.get().arn();
            AwsCalls.call("put secret value " + name, () -> secrets.putSecretValue(b -> b.secretId(arn).secretString(value)));
            ensureTags(secret.get(), tags);
            LOG.info("secret {} given a new version holding the new token", arn);
            return Ref.reused(Kinds.SECRET, arn, name);
        }
        String arn = AwsCalls.call("create secret " + name, () -> secrets.createSecret(b -> b
                .name(name)
                .description("Databricks on-behalf-of token of service principal " + displayName + " on workspace " + workspaceName
                        + " (dbxcp)")
                .secretString(value)
                .tags(tagList(tags)))).arn();
        LOG.info("secret {} created", arn);
        return Ref.created(Kinds.SECRET, arn, name);
    }

    private void ensureTags(DescribeSecretResponse secret, Map<String, String> wanted) {
        Map<String, String> present = new LinkedHashMap<>();
        if (secret.hasTags()) secret.tags().forEach(t -> present.put(t.key(), t.value()));
        boolean missing = wanted.entrySet().stream().anyMatch(e -> !e.getValue().equals(present.get(e.getKey())));
        if (missing) {
            AwsCalls.call("tag secret " + secret.name(), () -> secrets.tagResource(b -> b.secretId(secret.arn()).tags(tagList(wanted))));
            LOG.info("secret {} tagged", secret.arn());
        }
    }

    private static Map<String, String> tags(long workspaceId, String applicationId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_KIND, KIND_OBO_TOKEN);
        tags.put(TAG_WORKSPACE_ID, Long.toString(workspaceId));
        tags.put(TAG_APPLICATION_ID, applicationId);
        return tags;
    }

    private static List<Tag> tagList(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String comment(String workspaceName) {
        return "dbxcp automation token of workspace " + workspaceName;
    }

    private static String host(ProvisionState.WorkspaceRef w) {
        return w.url() != null ? w.url() : "https://" + w.deploymentName() + ".cloud.databricks.com";
    }
}
