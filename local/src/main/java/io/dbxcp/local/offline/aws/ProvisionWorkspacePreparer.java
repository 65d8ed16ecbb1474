package io.dbxcp.local.offline.aws;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.OAuthM2MServicePrincipalCredentialsProvider;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.DatabricksEmulator;
import java.util.stream.StreamSupport;
import io.dbxcp.local.offline.FixtureContext;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.local.offline.FixturePreparer;
import java.util.Map;
import java.util.Set;

/**
 * Offline runs of provision-workspace: makes in moto the role, buckets, keys and network the
 * request names (see {@link WorkspaceRequestFixtures}) and rewrites the input's {@code request} in
 * place to name them.
 */
public final class ProvisionWorkspacePreparer implements FixturePreparer {
    @Override
    public Set<String> workflows() {
        return Set.of("provision-workspace");
    }

    @Override
    public void prepare(FixtureContext context) {
        if (!(context.input() instanceof ObjectNode input)) return;
        boolean wrapped = input.has("request");
        ObjectNode request = wrapped ? (ObjectNode) input.get("request") : input;
        Map<String, String> env = context.environment();
        ObjectNode prepared = WorkspaceRequestFixtures.prepare(OfflineBackends.awsSettings(env), env.get("DATABRICKS_ACCOUNT_ID"), request);
        request.removeAll();
        request.setAll(prepared);
        metastore(context, request);
        context.log().println("  prepared in moto: role " + request.path("crossAccountRoleArn").asText()
                + ", bucket " + request.path("rootBucket").asText() + (request.has("network") ? ", VPC " + request.path("network").path("vpcId").asText() : ""));
    }

    /**
     * A Unity Catalog request names a metastore of the account: make one in the emulator for the
     * request's region (one per region, as Databricks allows) and name it in the request.
     */
    private static void metastore(FixtureContext context, ObjectNode request) {
        JsonNode metastore = request.path("configure").path("metastore");
        if (!"UNITY_CATALOG".equals(metastore.path("type").asText()) || context.emulator() == null) return;
        DatabricksEmulator emu = context.emulator();
        AccountClient account = new AccountClient(new DatabricksConfig().setHost(emu.baseUrl()).setAccountId(emu.accountId())
                .setClientId(emu.adminClientId()).setClientSecret(emu.adminClientSecret()).setAuthType("oauth-m2m")
                .setCredentialsProvider(new OAuthM2MServicePrincipalCredentialsProvider()).setHttpTimeoutSeconds(30));
        String region = request.path("region").asText();
        String id = StreamSupport.stream(account.metastores().list().spliterator(), false)
                .filter(m -> region.equals(m.getRegion())).map(MetastoreInfo::getMetastoreId).findFirst()
                .orElseGet(() -> account.metastores().create(new AccountsCreateMetastore().setMetastoreInfo(new CreateAccountsMetastore()
                        .setName("dbxcp-" + region).setRegion(region))).getMetastoreInfo().getMetastoreId());
        ((ObjectNode) metastore).put("metastoreId", id);
    }

}
