package io.dbxcp.accounts.report;

import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import io.dbxcp.accounts.access.AccountAccess;
import io.dbxcp.accounts.access.TargetClients;
import io.dbxcp.accounts.iam.RolesService;
import io.dbxcp.accounts.kms.KeysService;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.network.NetworkService;
import io.dbxcp.accounts.s3.BucketsService;
import io.dbxcp.common.databricks.AccountObjects;
import io.dbxcp.common.databricks.LogDeliveries;
import io.dbxcp.common.aws.AwsCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * After a failure: what of the plan exists now, in the account and in Databricks, each looked up by
 * its name (the same way the steps find them), so the failure event can say what a rerun will find
 * and what it will still make. Never throws: what cannot be looked up is listed as not checked, with
 * the reason.
 */
public final class Inventory {
    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    /** One object of the plan: its kind, its name, and its ARN or id when it exists. */
    public record Item(String kind, String name, String id) {}

    /** What exists, what is missing, and what could not be looked up (with why). */
    public record Result(List<Item> exists, List<Item> missing, List<String> notChecked) {}

    private final AccountAccess access;
    private final AccountObjects objects;
    private final LogDeliveries deliveries;

    public Inventory(AccountAccess access, Supplier<com.databricks.sdk.AccountClient> account) {
        this.access = access;
        this.objects = new AccountObjects(account);
        this.deliveries = new LogDeliveries(account);
    }

    public Result of(Plan p) {
        List<Item> exists = new ArrayList<>();
        List<Item> missing = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        TargetClients aws = null;
        try {
            aws = access.clients(p.accessRoleArn(), p.region());
        } catch (RuntimeException e) {
            notChecked.add("AWS resources of account " + p.accountId() + ": cannot act through " + p.accessRoleArn() + " (" + e.getMessage() + ")");
        }
        if (aws != null) aws(p, aws, exists, missing, notChecked);
        databricks(p, exists, missing, notChecked);
        LOG.info("inventory: {} exist, {} missing, {} not checked", exists.size(), missing.size(), notChecked.size());
        return new Result(exists, missing, notChecked);
    }

    private void aws(Plan p, TargetClients aws, List<Item> exists, List<Item> missing, List<String> notChecked) {
        Plan.Names n = p.names();
        List<String> roles = new ArrayList<>(List.of(n.metaInstanceProfile()));
        n.dataLayers().forEach(l -> roles.add(l.role()));
        roles.add(n.crossAccountRole());
        roles.add(n.logDeliveryRole());
        for (String role : roles) {
            look(RolesService.ROLE, role, () -> {
                try {
                    return Optional.of(aws.iam().getRole(b -> b.roleName(role)).role().arn());
                } catch (NoSuchEntityException e) {
                    return Optional.empty();
                }
            }, exists, missing, notChecked);
        }
        List<String> profiles = new ArrayList<>(List.of(n.metaInstanceProfile()));
        n.dataLayers().forEach(l -> profiles.add(l.role()));
        for (String profile : profiles) {
            look(RolesService.INSTANCE_PROFILE, profile, () -> {
                try {
                    return Optional.of(aws.iam().getInstanceProfile(b -> b.instanceProfileName(profile)).instanceProfile().arn());
                } catch (NoSuchEntityException e) {
                    return Optional.empty();
                }
            }, exists, missing, notChecked);
        }
        for (String alias : List.of(n.storageKeyAlias(), n.managedServicesKeyAlias())) {
            look(KeysService.KEY, alias, () -> {
                try {
                    return Optional.of(aws.kms().describeKey(b -> b.keyId(alias)).keyMetadata().arn());
                } catch (NotFoundException e) {
                    return Optional.empty();
                }
            }, exists, missing, notChecked);
        }
        List<String> buckets = new ArrayList<>(List.of(n.rootBucket(), n.logBucket()));
        n.dataLayers().forEach(l -> buckets.add(l.bucket()));
        for (String bucket : buckets) {
            look(BucketsService.BUCKET, bucket, () -> {
                try {
                    aws.s3().headBucket(b -> b.bucket(bucket));
                    return Optional.of("arn:aws:s3:::" + bucket);
                } catch (NoSuchBucketException e) {
                    return Optional.empty();
                } catch (S3Exception e) {
                    if (e.statusCode() == 404) return Optional.empty();
                    throw e;
                }
            }, exists, missing, notChecked);
        }
        if (p.options().network()) {
            look(NetworkService.VPC, n.vpc(), () -> aws.ec2().describeVpcs(b -> b.filters(
                    Filter.builder().name("tag:Name").values(n.vpc()).build(), Filter.builder().name("tag:dbxcp:onboarding").values(p.prefix()).build()))
                    .vpcs().stream().findFirst().map(v -> v.vpcId()), exists, missing, notChecked);
        }
    }

    private void databricks(Plan p, List<Item> exists, List<Item> missing, List<String> notChecked) {
        Plan.Names n = p.names();
        List<String> credentials = new ArrayList<>(List.of(n.credentials()));
        List<String> storages = new ArrayList<>(List.of(n.storageConfiguration()));
        if (p.options().logDelivery()) {
            credentials.add(n.logDeliveryCredentials());
            storages.add(n.logDeliveryStorage());
        }
        for (String c : credentials) {
            look(AccountObjects.CREDENTIALS, c, () -> objects.findCredentials(c).map(x -> x.getCredentialsId()), exists, missing, notChecked);
        }
        for (String s : storages) {
            look(AccountObjects.STORAGE_CONFIGURATION, s, () -> objects.findStorage(s).map(x -> x.getStorageConfigurationId()), exists, missing,
                    notChecked);
        }
        if (p.options().logDelivery()) {
            List<LogDeliveryConfiguration> all;
            try {
                all = deliveries.all();
            } catch (RuntimeException e) {
                notChecked.add("log delivery configurations: " + e.getMessage());
                return;
            }
            for (String name : List.of(n.billableUsageDelivery(), n.auditLogsDelivery())) {
                Optional<LogDeliveryConfiguration> c = all.stream()
                        .filter(x -> name.equals(x.getConfigName()) && x.getStatus() == LogDeliveryConfigStatus.ENABLED).findFirst();
                if (c.isPresent()) exists.add(new Item("log-delivery", name, c.get().getConfigId()));
                else missing.add(new Item("log-delivery", name, null));
            }
        }
    }

    private static void look(String kind, String name, Supplier<Optional<String>> lookup, List<Item> exists, List<Item> missing,
                             List<String> notChecked) {
        try {
            Optional<String> id = lookup.get();
            if (id.isPresent()) exists.add(new Item(kind, name, id.get()));
            else missing.add(new Item(kind, name, null));
        } catch (SdkException e) {
            notChecked.add(kind + " " + name + ": " + AwsCalls.describe(e));
        } catch (RuntimeException e) {
            notChecked.add(kind + " " + name + ": " + e.getMessage());
        }
    }
}
