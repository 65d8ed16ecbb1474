package io.dbxcp.local.template;

import java.util.Map;

/**
 * A Lambda function of the template, as the runner needs it.
 *
 * @param logicalId   the function's logical id (also its local name)
 * @param handler     the {@code Handler} property: {@code pkg.Class::method} or {@code pkg.Class}
 * @param environment Globals.Function.Environment.Variables merged with the function's own, unresolved
 * @param timeoutSeconds the function's Timeout (SAM default 3)
 * @param memoryMb    the function's MemorySize (SAM default 128)
 * @param codeUri     the CodeUri property when it is a plain path, else null
 */
public record FunctionSpec(String logicalId, String handler, Map<String, Object> environment, int timeoutSeconds,
        int memoryMb, String codeUri) {

    /** The handler's class name: the part before {@code ::}. */
    public String handlerClass() {
        int sep = handler.indexOf("::");
        return sep < 0 ? handler : handler.substring(0, sep);
    }

    /** The handler's method name, or null when the Handler names only the class. */
    public String handlerMethod() {
        int sep = handler.indexOf("::");
        return sep < 0 ? null : handler.substring(sep + 2);
    }
}
