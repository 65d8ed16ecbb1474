package io.dbxcp.common.aws;

import io.dbxcp.common.errors.TransientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How the functions read AWS SDK failures: what passes with time (throttling, 5xx, broken
 * connections: {@link TransientException}, which the state machines retry), what is a refusal
 * (access denied: a precondition to report), and how to describe either without request ids or
 * credentials.
 */
public final class AwsCalls {
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError", "UnauthorizedAccess");

    private AwsCalls() {}

    /** Throttling, 5xx and connection failures: the state machine retries the step. */
    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException a) return a.isThrottlingException() || a.statusCode() == 429 || a.statusCode() >= 500;
        if (e instanceof SdkClientException) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException || c instanceof UncheckedIOException) return true;
            }
        }
        return false;
    }

    public static boolean isDenied(SdkException e) {
        return e instanceof AwsServiceException a && (a.statusCode() == 403 || DENIED.contains(code(a)));
    }

    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
    }

    /** The error as a person reads it, never with request ids or credentials. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String m = a.awsErrorDetails().errorMessage();
            return code(a) + (m == null || m.isBlank() ? "" : ": " + m);
        }
        return e.getClass().getSimpleName();
    }

    /** An AWS call whose throttling, 5xx and connection failures become {@link TransientException}; other errors pass as they are. */
    public static <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (isTransient(e)) throw asTransient(what, e);
            throw e;
        }
    }

    public static TransientException asTransient(String what, SdkException e) {
        return new TransientException(what + " failed for now (" + describe(e) + "); retry", e);
    }
}
