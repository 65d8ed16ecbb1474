package io.dbxcp.secrets.rotation;

/** The handler's package-private constructor, for tests in other packages. */
public final class RotationHandlerAccess {
    private RotationHandlerAccess() {}

    public static RotationHandler handler(RotationService service) {
        return new RotationHandler(service);
    }
}
