package io.dbxcp.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Step Functions execution names: at most 80 characters of {@code [A-Za-z0-9_-]}. Names are made
 * from the request's identity; anything else is replaced, and a name that would be too long keeps
 * its readable start and ends with a hash of the whole identity, so it stays unique and stable.
 */
public final class ExecutionNames {
    static final int MAX = 80;

    private ExecutionNames() {}

    public static String of(String prefix, String... parts) {
        String identity = prefix + "-" + String.join("-", parts);
        String clean = identity.replaceAll("[^A-Za-z0-9_-]", "_");
        if (clean.length() <= MAX && clean.equals(identity)) return clean;
        String hash = sha256(identity).substring(0, 16);
        String head = clean.length() > MAX - 17 ? clean.substring(0, MAX - 17) : clean;
        return head + "-" + hash;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
