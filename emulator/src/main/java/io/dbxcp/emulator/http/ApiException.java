package io.dbxcp.emulator.http;

import java.util.Map;

/**
 * The one exception type of the emulator: services throw it, the server turns it into the error
 * body Databricks sends. Routes never catch it.
 *
 * <p>Two body shapes exist: the platform one {@code {error_code, message, details[ErrorInfo]}} and
 * the SCIM one {@code {schemas, detail, status, scimType}}.
 */
public final class ApiException extends RuntimeException {
  private final String errorCode;
  private final int status;
  private final boolean scim;
  private final String scimType;
  private final Map<String, String> headers;

  private ApiException(
      String errorCode,
      int status,
      String message,
      boolean scim,
      String scimType,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.errorCode = errorCode;
    this.status = status;
    this.scim = scim;
    this.scimType = scimType;
    this.headers = headers;
  }

  public static ApiException of(ErrorCode code, String message) {
    return new ApiException(code.name(), code.status(), message, false, null, Map.of());
  }

  /** Any status and code, e.g. for injected faults. */
  public static ApiException raw(int status, String errorCode, String message, Map<String, String> headers) {
    return new ApiException(errorCode, status, message, false, null, Map.copyOf(headers));
  }

  /** A SCIM error: {@code {detail, status, scimType}}. */
  public static ApiException scim(int status, String scimType, String detail) {
    return new ApiException(null, status, detail, true, scimType, Map.of());
  }

  public static ApiException invalidParameter(String message) {
    return of(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  public static ApiException invalidState(String message) {
    return of(ErrorCode.INVALID_STATE, message);
  }

  public static ApiException doesNotExist(String message) {
    return of(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }

  public static ApiException alreadyExists(String message) {
    return of(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }

  public static ApiException permissionDenied(String message) {
    return of(ErrorCode.PERMISSION_DENIED, message);
  }

  public static ApiException unauthenticated(String message) {
    return of(ErrorCode.UNAUTHENTICATED, message);
  }

  public static ApiException missing(String field) {
    return invalidParameter("Missing required field: " + field);
  }

  public String errorCode() {
    return errorCode;
  }

  public int status() {
    return status;
  }

  public boolean isScim() {
    return scim;
  }

  public String scimType() {
    return scimType;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
