package io.dbxcp.secrets.request;

import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.validation.SchemaValidator;
import io.dbxcp.secrets.model.SecretIds;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.store.ManagedSecret;
import io.dbxcp.secrets.store.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The rotate-secrets workflow's two steps for one secret: start a rotation now (Secrets Manager
 * RotateSecret with the secret's own rotation configuration), then look whether it ended.
 *
 * <p>The new version's id (RotateSecret's ClientRequestToken) is derived from the request id and the
 * secret ARN, so a retried Task, or a repeated request, finds the rotation it started instead of
 * starting another. A secret that is not ours (no {@code dbxcp:kind} tag), not under rotation, or
 * busy with another rotation is REFUSED with the reason; it never fails the others.
 */
public final class RotationRequestService {
    private static final Logger LOG = LoggerFactory.getLogger(RotationRequestService.class);

    /** The request id's pattern, as the intake checks it. */
    private static final Pattern REQUEST_ID = Pattern.compile(SchemaValidator.schema("secret-rotation-request")
            .getSchemaNode().at("/properties/requestId/pattern").asText());

    private final SecretStore store;

    public RotationRequestService(SecretStore store) {
        this.store = store;
    }

    public SecretRotation start(String requestId, String secretId) {
        if (requestId == null || requestId.isBlank()) throw new InvalidRequestException("requestId", "is missing");
        if (!REQUEST_ID.matcher(requestId).find()) {
            throw new InvalidRequestException("requestId", "is not 3 to 64 letters, digits, '-' and '_' starting with a letter or digit"
                    + " (events/schemas/secret-rotation-request.schema.json)");
        }
        SecretIds.require("secretId", secretId);
        ManagedSecret s;
        try {
            s = store.describe(secretId);
        } catch (ResourceNotFoundException e) {
            return refused(requestId, secretId, null, null, null, "no such secret");
        }
        String versionId = versionId(requestId, s.arn());
        if (s.deleted()) return refused(requestId, secretId, s, versionId, "the secret is scheduled for deletion");
        if (s.kind().isEmpty()) {
            return refused(requestId, secretId, s, versionId, "the secret has no " + SecretTags.KIND + " tag: it is not under rotation by this control plane");
        }
        if (!s.rotationEnabled()) {
            return refused(requestId, secretId, s, versionId, "rotation is not turned on for the secret (see the README: Secrets under rotation)");
        }
        if (s.hasVersion(versionId)) {
            LOG.info("secret {}: the rotation of request {} was already started (version {})", s.name(), requestId, versionId);
            return new SecretRotation(requestId, secretId, s.arn(), s.name(), "ALREADY_STARTED", versionId, null, 0);
        }
        try {
            store.rotate(s.arn(), versionId);
        } catch (software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException busy) {
            return refused(requestId, secretId, s, versionId, "Secrets Manager refused the rotation: " + message(busy));
        }
        LOG.info("secret {}: rotation started for request {} (version {})", s.name(), requestId, versionId);
        return new SecretRotation(requestId, secretId, s.arn(), s.name(), "STARTED", versionId, null, 0);
    }

    /** ROTATED once the version holds AWSCURRENT; IN_PROGRESS while it holds AWSPENDING; FAILED when it holds neither. */
    public SecretRotation check(SecretRotation r) {
        if (r.versionId() == null || r.secretArn() == null) return r;
        ManagedSecret s = store.describe(r.secretArn());
        int polls = (r.polls() == null ? 0 : r.polls()) + 1;
        if (s.stagesOf(r.versionId()).contains(ManagedSecret.CURRENT)) {
            LOG.info("secret {}: version {} is AWSCURRENT: rotated", s.name(), r.versionId());
            return r.with("ROTATED", null, polls);
        }
        if (s.stagesOf(r.versionId()).contains(ManagedSecret.PENDING)) return r.with("IN_PROGRESS", null, polls);
        LOG.warn("secret {}: version {} holds neither AWSPENDING nor AWSCURRENT: the rotation failed", s.name(), r.versionId());
        return r.with("FAILED", "the rotation ended without making version " + r.versionId()
                + " current (see the RotationFailed event in CloudTrail and the rotation function's log)", polls);
    }

    /** A stable version id for (request, secret): RotateSecret's ClientRequestToken (32 to 64 characters). */
    static String versionId(String requestId, String secretArn) {
        return UUID.nameUUIDFromBytes((requestId + "|" + secretArn).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static SecretRotation refused(String requestId, String secretId, ManagedSecret s, String versionId, String reason) {
        return refused(requestId, secretId, s == null ? null : s.arn(), s == null ? null : s.name(), versionId, reason);
    }

    private static SecretRotation refused(String requestId, String secretId, String arn, String name, String versionId, String reason) {
        LOG.warn("secret {}: rotation refused: {}", secretId, reason);
        return new SecretRotation(requestId, secretId, arn, name, "REFUSED", versionId, reason, 0);
    }

    private static String message(SecretsManagerException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }
}
