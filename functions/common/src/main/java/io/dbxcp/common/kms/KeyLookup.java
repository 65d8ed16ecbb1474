package io.dbxcp.common.kms;

import java.time.Instant;
import java.util.Optional;

/**
 * The two KMS reads {@link KeyCheck} needs, in one region of one account: DescribeKey and
 * GetKeyPolicy. A function adapts its {@code KmsClient} to it (this module carries no service
 * clients). Throttling, 5xx and connection failures surface as
 * {@link io.dbxcp.common.errors.TransientException}; a refusal as {@link AccessDenied}.
 */
public interface KeyLookup {

    /** The region keys are read in (the workspace's region). */
    String region();

    /** The key, or empty when the region has no such key. */
    Optional<Facts> describe(String keyArn);

    /** The key's policy named {@code default} (the only name KMS supports), as JSON. */
    String policy(String keyArn);

    /** What DescribeKey tells about a key. {@code deletionDate} is null unless the key is pending deletion. */
    record Facts(String arn, String state, Instant deletionDate, String keySpec, String keyUsage, String keyManager) {}

    /** The caller may not read the key (AccessDeniedException): a precondition, not a transient failure. */
    final class AccessDenied extends RuntimeException {
        public AccessDenied(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
