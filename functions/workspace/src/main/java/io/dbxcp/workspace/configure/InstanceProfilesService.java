package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.DatabricksErrors;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.compute.InstanceProfile;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4d: instance profiles of {@code configure.instanceProfiles}, registered in the workspace.
 * The registered ones are listed first (an ARN is registered once per workspace):
 *
 * <ul>
 *   <li>absent: added with {@code skip_validation=false}, so Databricks checks that it can launch
 *       an instance with the profile (the cross-account role must be allowed to pass its role);
 *   <li>present with the same role ARN and meta flag: reused;
 *   <li>present with another role ARN or meta flag: edited to the request (the ARN names the
 *       object, the request is the source of truth of its attributes); reported as reused.
 * </ul>
 * Refs: {@code instance-profile}, id the instance profile ARN, name the profile's name.
 */
public final class InstanceProfilesService {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceProfilesService.class);

    private final DatabricksClients clients;

    public InstanceProfilesService(DatabricksClients clients) {
        this.clients = clients;
    }

    public List<Ref> configure(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        List<WorkspaceRequest.InstanceProfile> asked = request.configure() == null ? null : request.configure().instanceProfiles();
        if (asked == null || asked.isEmpty()) return List.of();
        validate(asked);
        WorkspaceClient ws = clients.workspace(state.workspace().workspaceId(), state.workspace().deploymentName());
        List<InstanceProfile> existing = list(ws);
        List<Ref> refs = new ArrayList<>();
        for (WorkspaceRequest.InstanceProfile p : asked) {
            refs.add(ensure(ws, existing, p));
        }
        return refs;
    }

    private Ref ensure(WorkspaceClient ws, List<InstanceProfile> existing, WorkspaceRequest.InstanceProfile p) {
        String arn = p.instanceProfileArn();
        boolean meta = Boolean.TRUE.equals(p.isMetaInstanceProfile());
        Optional<InstanceProfile> found = byArn(existing, arn);
        if (found.isEmpty()) {
            try {
                DatabricksErrors.run("add instance profile " + arn, () -> ws.instanceProfiles().add(new AddInstanceProfile()
                        .setInstanceProfileArn(arn)
                        .setIamRoleArn(p.iamRoleArn())
                        .setIsMetaInstanceProfile(meta)
                        .setSkipValidation(false)));
                LOG.info("instance profile {} added", arn);
                return Ref.created(Kinds.INSTANCE_PROFILE, arn, name(arn));
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                found = byArn(list(ws), arn);
                if (found.isEmpty()) throw e;
            }
        }
        InstanceProfile current = found.get();
        if (!Objects.equals(current.getIamRoleArn(), p.iamRoleArn()) || Boolean.TRUE.equals(current.getIsMetaInstanceProfile()) != meta) {
            DatabricksErrors.run("edit instance profile " + arn, () -> ws.instanceProfiles().edit(new InstanceProfile()
                    .setInstanceProfileArn(arn)
                    .setIamRoleArn(p.iamRoleArn())
                    .setIsMetaInstanceProfile(meta)));
            LOG.info("instance profile {} updated: role {} -> {}, meta {} -> {}", arn, current.getIamRoleArn(), p.iamRoleArn(),
                    current.getIsMetaInstanceProfile(), meta);
        } else {
            LOG.info("instance profile {} reused", arn);
        }
        return Ref.reused(Kinds.INSTANCE_PROFILE, arn, name(arn));
    }

    /** The profile's name: the last part of its ARN's path. */
    static String name(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static List<InstanceProfile> list(WorkspaceClient ws) {
        return DatabricksErrors.call("list instance profiles", () -> StreamSupport
                .stream(ws.instanceProfiles().list().spliterator(), false).toList());
    }

    private static Optional<InstanceProfile> byArn(List<InstanceProfile> profiles, String arn) {
        return profiles.stream().filter(x -> arn.equals(x.getInstanceProfileArn())).findFirst();
    }

    private static void validate(List<WorkspaceRequest.InstanceProfile> asked) {
        Set<String> arns = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            if (!arns.add(asked.get(i).instanceProfileArn())) {
                throw new InvalidRequestException("configure.instanceProfiles[" + i + "].instanceProfileArn",
                        asked.get(i).instanceProfileArn() + " is given twice");
            }
        }
    }
}
