package io.dbxcp.accounts.access;

import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.errors.NotYetConsistentException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How the onboarding steps call AWS: throttling, 5xx and broken connections become
 * {@link io.dbxcp.common.errors.TransientException}; a policy refused because a principal it names
 * is not visible yet (a role made a moment ago: IAM is eventually consistent) becomes
 * {@link NotYetConsistentException}; both are retried by the state machine. Anything else is thrown
 * as it is.
 */
public final class AwsSteps {
    private AwsSteps() {}

    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** The call's result, or empty when it fails with {@code notFound} (a service's "no such ..." exception). */
    public static <T> Optional<T> find(String what, Supplier<T> call, Class<? extends SdkException> notFound) {
        try {
            return Optional.ofNullable(call.get());
        } catch (SdkException e) {
            if (notFound.isInstance(e)) return Optional.empty();
            throw translate(what, e);
        }
    }

    /** The call's result, or empty when it fails with one of the error codes (services that report "not found" only by code, as S3). */
    public static <T> Optional<T> findByCode(String what, Supplier<T> call, String... codes) {
        try {
            return Optional.ofNullable(call.get());
        } catch (AwsServiceException e) {
            String code = AwsCalls.code(e);
            for (String c : codes) if (c.equals(code)) return Optional.empty();
            throw translate(what, e);
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    static RuntimeException translate(String what, SdkException e) {
        if (AwsCalls.isTransient(e)) return AwsCalls.asTransient(what, e);
        if (e instanceof AwsServiceException a && AwsCalls.code(a).startsWith("MalformedPolicy")
                && String.valueOf(a.awsErrorDetails() == null ? a.getMessage() : a.awsErrorDetails().errorMessage())
                        .toLowerCase(Locale.ROOT).contains("principal")) {
            return new NotYetConsistentException(what + ": a principal the policy names is not visible yet (" + AwsCalls.describe(e) + ")", e);
        }
        return e;
    }
}
