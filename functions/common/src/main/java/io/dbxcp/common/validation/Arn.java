package io.dbxcp.common.validation;

import java.util.Optional;

/** The parts of an ARN this project checks: {@code arn:partition:service:region:account:resource}. */
public record Arn(String partition, String service, String region, String account, String resource) {

    public static Optional<Arn> parse(String text) {
        if (text == null) return Optional.empty();
        String[] p = text.split(":", 6);
        if (p.length < 6 || !"arn".equals(p[0])) return Optional.empty();
        return Optional.of(new Arn(p[1], p[2], p[3], p[4], p[5]));
    }

    /** The last path segment of the resource: the key id of a key ARN, the name of a role. */
    public String resourceId() {
        int slash = resource.lastIndexOf('/');
        return slash >= 0 ? resource.substring(slash + 1) : resource;
    }
}
