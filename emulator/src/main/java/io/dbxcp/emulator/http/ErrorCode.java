package io.dbxcp.emulator.http;

/**
 * The {@code error_code} values the emulator answers with, each with the HTTP status Databricks
 * pairs it with. The SDK maps the code first and the status second to its typed exceptions in
 * {@code com.databricks.sdk.core.error.platform}; the comment names the class a caller sees.
 */
public enum ErrorCode {
  /** InvalidParameterValue: a field is missing, malformed or names an object that does not exist. */
  INVALID_PARAMETER_VALUE(400),
  /** BadRequest: the body is not JSON, or not the shape the endpoint takes. */
  MALFORMED_REQUEST(400),
  /** InvalidState: the object exists but its state forbids the operation. */
  INVALID_STATE(400),
  /** BadRequest: a per-account or per-workspace limit is reached. */
  RESOURCE_LIMIT_EXCEEDED(400),
  /** Unauthenticated: no credential, or one that is unknown or expired. */
  UNAUTHENTICATED(401),
  /** PermissionDenied: the caller is known but may not do this. */
  PERMISSION_DENIED(403),
  /** ResourceDoesNotExist: the object named in the path does not exist. */
  RESOURCE_DOES_NOT_EXIST(404),
  /** NotFound: no API is served at this method and path. */
  ENDPOINT_NOT_FOUND(404),
  /** NotFound: the workspace has no Unity Catalog metastore assigned. */
  METASTORE_DOES_NOT_EXIST(404),
  /** ResourceAlreadyExists: a name or id that must be unique is taken. */
  RESOURCE_ALREADY_EXISTS(409),
  /** RequestLimitExceeded (retried by the SDK): the request rate limit is exceeded. */
  REQUEST_LIMIT_EXCEEDED(429),
  /** InternalError: a bug in the emulator, or an injected fault. */
  INTERNAL_ERROR(500),
  /** TemporarilyUnavailable (retried by the SDK): e.g. a workspace that is not reachable yet. */
  TEMPORARILY_UNAVAILABLE(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
