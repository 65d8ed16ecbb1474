package io.dbxcp.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
    static ObjectNode detail(String file) throws Exception {
        Path p = Path.of(System.getProperty("dbxcp.project.root", "../.."), "events", file);
        return (ObjectNode) Json.read(Files.readString(p)).path("detail").deepCopy();
    }

    @Test
    void check_fullSampleRequest_hasNoViolation() throws Exception {
        assertThat(RequestRules.check("workspace-request", detail("workspace-request.json"), "request")).isEmpty();
    }

    @Test
    void check_dbfsMountWithoutInstanceProfile_namesTheBucket() throws Exception {
        ObjectNode d = detail("workspace-request.json");
        ((ObjectNode) d.path("configure").path("mounts").path("buckets").get(1)).remove("instanceProfileArn");
        assertThat(RequestRules.check("workspace-request", d, "request"))
                .containsExactly(new Violation("request.configure.mounts.buckets[1].instanceProfileArn", "is required in mode dbfs-mount (the mount cluster runs with it)"));
    }

    @Test
    void check_minWorkersAboveMax_isRefused() throws Exception {
        ObjectNode d = detail("workspace-request.json");
        ((ObjectNode) d.path("configure").path("clusterPolicies").get(0)).put("minWorkers", 9);
        assertThat(RequestRules.check("workspace-request", d, "request"))
                .extracting(Violation::field).containsExactly("request.configure.clusterPolicies[0].minWorkers");
    }

    @Test
    void check_unityCatalogWithoutMetastoreId_isRefused() throws Exception {
        ObjectNode d = detail("workspace-request.json");
        ((ObjectNode) d.path("configure").path("metastore")).remove("metastoreId");
        assertThat(RequestRules.check("workspace-request", d, "request"))
                .containsExactly(new Violation("request.configure.metastore.metastoreId", "is required when type is UNITY_CATALOG"));
    }

    @Test
    void check_keyReplacementNamingNeitherTarget_isRefused() throws Exception {
        ObjectNode d = detail("key-replacement-request.json");
        d.remove("oldKeyArn");
        assertThat(RequestRules.check("key-replacement-request", d, "detail"))
                .containsExactly(new Violation("detail.workspaceIds", "name either workspaceIds or oldKeyArn, not neither"));
    }

    @Test
    void check_requiredFieldMissing_namesTheNestedPath() throws Exception {
        ObjectNode d = detail("workspace-request.json");
        ((ObjectNode) d.path("network")).remove("vpcId");
        assertThat(RequestRules.check("workspace-request", d, "request"))
                .containsExactly(new Violation("request.network.vpcId", "is required"));
    }
}
