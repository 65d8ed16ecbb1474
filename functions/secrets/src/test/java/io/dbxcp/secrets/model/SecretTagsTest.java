package io.dbxcp.secrets.model;

import io.dbxcp.common.databricks.OboToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.common.errors.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTagsTest {

    @Test
    void targets_spaceSeparatedAcrossSeveralTags_inKeyOrder_eachOnce() {
        Map<String, String> tags = Map.of(
                "dbxcp:scope-sync", "123/etl/token 123/etl/app=application_id",
                "dbxcp:scope-sync:2", "456/ops.scope@x/key_1  123/etl/token",
                "other", "ignored");

        assertThat(SecretTags.targets(tags)).containsExactly(
                new ScopeTarget(123, "etl", "token", null),
                new ScopeTarget(123, "etl", "app", "application_id"),
                new ScopeTarget(456, "ops.scope@x", "key_1", null));
    }

    @Test
    void targets_malformed_namesEveryBadItem() {
        assertThatThrownBy(() -> SecretTags.targets(Map.of("dbxcp:scope-sync", "abc/etl/k 1/etl 2/a b/c")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'abc/etl/k'").hasMessageContaining("'1/etl'");
    }

    @Test
    void acls_defaultToManageForAdmins_elseTheTag() {
        assertThat(SecretTags.acls(Map.of())).containsExactly(new ScopeAcl("admins", "MANAGE"));
        assertThat(SecretTags.acls(Map.of("dbxcp:scope-acls", "data-engineers=READ ops@example.com=WRITE")))
                .containsExactly(new ScopeAcl("data-engineers", "READ"), new ScopeAcl("ops@example.com", "WRITE"));
        assertThatThrownBy(() -> SecretTags.acls(Map.of("dbxcp:scope-acls", "x=OWN")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("x=OWN");
        assertThatThrownBy(() -> SecretTags.acls(Map.of("dbxcp:scope-acls", "x=READ x=WRITE")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("named twice");
    }

    @Test
    void everyTagValueThisModuleDocuments_fitsSecretsManagersTagCharacterSet() {
        String allowed = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";
        assertThat("1234567890123456/automation-scope/token=token 1234567890123456/etl/client-id=client_id").matches(allowed);
        assertThat("admins=MANAGE data-engineers=READ ops@example.com=WRITE").matches(allowed);
        assertThat(SecretKind.OBO_TOKEN.tag() + SecretKind.SP_OAUTH_SECRET.tag()).matches(allowed);
    }

    @Test
    void secretValues_neverQuoteTheValueWhenItIsNotTheExpectedShape() {
        assertThatThrownBy(() -> SecretValues.oboToken("dbxcp/x", "{\"token\": \"dapi-visible\" broken"))
                .isInstanceOf(InvalidRequestException.class).hasMessageNotContaining("dapi-visible");
        assertThatThrownBy(() -> SecretValues.credential("dbxcp/x", null, "not json dapi-visible", "field"))
                .isInstanceOf(InvalidRequestException.class).hasMessageNotContaining("dapi-visible");
        assertThat(new OboToken("dapi-visible", "id", "app", null, 1L, "h").toString()).doesNotContain("dapi-visible");
        assertThat(new OAuthSecret("c", "dose-visible", "id", null).toString()).doesNotContain("dose-visible");
    }
}
