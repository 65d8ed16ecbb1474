package io.dbxcp.accounts.model;

import java.util.List;

/** What EnsureIamRoles made or found: the cross-account role, the meta instance profile, a data role per layer, the log delivery role. */
public record RolesResult(String crossAccountRoleArn, InstanceProfile metaInstanceProfile, List<DataRole> dataRoles,
                          String logDeliveryRoleArn, List<Change> changes) {

    public record InstanceProfile(String roleArn, String instanceProfileArn) {}

    public record DataRole(String layer, String bucket, String roleArn, String instanceProfileArn) {}
}
