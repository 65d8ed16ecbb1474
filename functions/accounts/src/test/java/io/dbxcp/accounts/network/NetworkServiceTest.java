package io.dbxcp.accounts.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkServiceTest {
    @Test
    void subnetCidr_isTheIndexthEighthOfTheVpcBlock() {
        assertThat(NetworkService.subnetCidr("10.0.0.0/16", 0)).isEqualTo("10.0.0.0/19");
        assertThat(NetworkService.subnetCidr("10.0.0.0/16", 1)).isEqualTo("10.0.32.0/19");
        assertThat(NetworkService.subnetCidr("10.0.0.0/16", 2)).isEqualTo("10.0.64.0/19");
        assertThat(NetworkService.subnetCidr("172.31.16.0/20", 2)).isEqualTo("172.31.20.0/23");
    }

    @Test
    void nodeRules_areWhatDatabricksDocuments_andNothingOpenBeyondTheListedPorts() {
        var rules = NetworkService.nodeRules("sg-1");

        assertThat(rules).filteredOn(NetworkService.Rule::ingress).allSatisfy(r -> assertThat(r.group()).isEqualTo("sg-1"));
        assertThat(rules).filteredOn(r -> r.cidr() != null).extracting(r -> r.from() + "-" + r.to())
                .containsExactlyInAnyOrder("443-443", "3306-3306", "6666-6666", "2443-2443", "8443-8451");
        assertThat(NetworkService.endpointRules("sg-1")).extracting(r -> r.from()).containsExactly(443, 2443, 6666);
    }
}
