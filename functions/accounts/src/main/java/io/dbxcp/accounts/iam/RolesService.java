package io.dbxcp.accounts.iam;

import static io.dbxcp.accounts.access.AwsSteps.call;
import static io.dbxcp.accounts.access.AwsSteps.find;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.model.Change;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.model.RolesResult;
import io.dbxcp.accounts.policy.Documents;
import io.dbxcp.accounts.policy.Policies;
import io.dbxcp.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Step EnsureIamRoles: the roles of the seed's IAM module, each found by name, made when missing,
 * and put right when its trust or its permissions drifted (onboarding owns these roles: their
 * documents are replaced whole). In an order that lets each policy name roles that exist: the meta
 * instance profile, the data roles (their trust names it), the cross-account role and the log
 * delivery role. See {@link Documents} for what each may do.
 */
public final class RolesService {
    public static final String ROLE = "iam-role";
    public static final String INSTANCE_PROFILE = "iam-instance-profile";
    private static final Logger LOG = LoggerFactory.getLogger(RolesService.class);

    public RolesResult ensure(Plan p, IamClient iam) {
        List<Change> changes = new ArrayList<>();
        Plan.Names n = p.names();
        String meta = role(iam, p, n.metaInstanceProfile(), "Databricks meta instance profile: assumes the data roles",
                Documents.ec2Trust(), Documents.metaInstanceProfilePolicy(p), changes);
        String metaProfile = instanceProfile(iam, n.metaInstanceProfile(), n.metaInstanceProfile(), changes);
        List<RolesResult.DataRole> data = new ArrayList<>();
        for (Plan.DataLayer layer : n.dataLayers()) {
            String arn = role(iam, p, layer.role(), "Databricks data role for the " + layer.layer() + " bucket " + layer.bucket(),
                    Documents.dataRoleTrust(p), Documents.dataRolePolicy(layer), changes);
            data.add(new RolesResult.DataRole(layer.layer(), layer.bucket(), arn, instanceProfile(iam, layer.role(), layer.role(), changes)));
        }
        String cross = role(iam, p, n.crossAccountRole(), "Databricks cross-account role (customer-managed VPC)",
                Documents.databricksTrust(p), Documents.crossAccountPolicy(p), changes);
        String logs = role(iam, p, n.logDeliveryRole(), "Databricks billable usage and audit log delivery to " + n.logBucket(),
                Documents.databricksTrust(p), Documents.logDeliveryPolicy(p), changes);
        LOG.info("IAM roles in place: {} change(s)", changes.size());
        return new RolesResult(cross, new RolesResult.InstanceProfile(meta, metaProfile), data, logs, changes);
    }

    /** The role's ARN; made, or its trust and inline policy put right. */
    private String role(IamClient iam, Plan p, String name, String description, ObjectNode trust, ObjectNode policy, List<Change> changes) {
        Optional<Role> found = find("iam:GetRole " + name, () -> iam.getRole(b -> b.roleName(name)).role(), NoSuchEntityException.class);
        Role role;
        boolean created = found.isEmpty();
        if (created) {
            role = call("iam:CreateRole " + name, () -> iam.createRole(b -> b.roleName(name).description(description)
                    .assumeRolePolicyDocument(Json.write(trust)).tags(tags(p))).role());
            changes.add(Change.created(ROLE, role.arn()));
            LOG.info("role {} created", role.arn());
        } else {
            role = found.get();
            if (!Policies.same(Policies.parse(role.assumeRolePolicyDocument()), trust)) {
                call("iam:UpdateAssumeRolePolicy " + name, () -> iam.updateAssumeRolePolicy(b -> b.roleName(name).policyDocument(Json.write(trust))));
                changes.add(Change.updated(ROLE, role.arn(), "trust policy"));
                LOG.info("role {}: trust policy put right", role.arn());
            }
        }
        Optional<String> present = find("iam:GetRolePolicy " + name, () -> iam.getRolePolicy(b -> b.roleName(name).policyName(p.names().rolePolicy()))
                .policyDocument(), NoSuchEntityException.class);
        if (present.isEmpty() || !Policies.same(Policies.parse(present.get()), policy)) {
            call("iam:PutRolePolicy " + name, () -> iam.putRolePolicy(b -> b.roleName(name).policyName(p.names().rolePolicy())
                    .policyDocument(Json.write(policy))));
            if (!created) {
                changes.add(Change.updated(ROLE, role.arn(), "permissions (inline policy " + p.names().rolePolicy() + ")"));
                LOG.info("role {}: permissions put right", role.arn());
            }
        }
        return role.arn();
    }

    /** The instance profile's ARN; made, or given back its one role. */
    private String instanceProfile(IamClient iam, String name, String roleName, List<Change> changes) {
        Optional<InstanceProfile> found = find("iam:GetInstanceProfile " + name,
                () -> iam.getInstanceProfile(b -> b.instanceProfileName(name)).instanceProfile(), NoSuchEntityException.class);
        InstanceProfile profile;
        if (found.isEmpty()) {
            profile = call("iam:CreateInstanceProfile " + name, () -> iam.createInstanceProfile(b -> b.instanceProfileName(name)).instanceProfile());
            call("iam:AddRoleToInstanceProfile " + name, () -> iam.addRoleToInstanceProfile(b -> b.instanceProfileName(name).roleName(roleName)));
            changes.add(Change.created(INSTANCE_PROFILE, profile.arn()));
            return profile.arn();
        }
        profile = found.get();
        List<String> roles = profile.roles().stream().map(Role::roleName).toList();
        if (!roles.equals(List.of(roleName))) {
            for (String other : roles) {
                if (!other.equals(roleName)) {
                    call("iam:RemoveRoleFromInstanceProfile " + name, () -> iam.removeRoleFromInstanceProfile(b -> b.instanceProfileName(name).roleName(other)));
                }
            }
            if (!roles.contains(roleName)) {
                call("iam:AddRoleToInstanceProfile " + name, () -> iam.addRoleToInstanceProfile(b -> b.instanceProfileName(name).roleName(roleName)));
            }
            changes.add(Change.updated(INSTANCE_PROFILE, profile.arn(), "held " + roles + ", now " + roleName));
        }
        return profile.arn();
    }

    static List<Tag> tags(Plan p) {
        return List.of(Tag.builder().key("dbxcp:onboarding").value(p.prefix()).build());
    }
}
