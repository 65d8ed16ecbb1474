package io.dbxcp.keys.check;

import io.dbxcp.common.kms.KeyLookup;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads each key once per step however many workspaces use it: DescribeKey and GetKeyPolicy
 * answers (and refusals) are kept, and {@link #in} gives the view of one workspace's region (the
 * region {@link io.dbxcp.common.kms.KeyCheck} expects the key in).
 */
public final class CachedKeyLookup {
    private final KeyLookup delegate;
    private final Map<String, Object> described = new ConcurrentHashMap<>();
    private final Map<String, Object> policies = new ConcurrentHashMap<>();

    public CachedKeyLookup(KeyLookup delegate) {
        this.delegate = delegate;
    }

    @SuppressWarnings("unchecked")
    public Optional<KeyLookup.Facts> describe(String keyArn) {
        return (Optional<KeyLookup.Facts>) remember(described, keyArn, delegate::describe);
    }

    public String policy(String keyArn) {
        return (String) remember(policies, keyArn, delegate::policy);
    }

    public KeyLookup in(String region) {
        return new KeyLookup() {
            @Override
            public String region() {
                return region;
            }

            @Override
            public Optional<Facts> describe(String keyArn) {
                return CachedKeyLookup.this.describe(keyArn);
            }

            @Override
            public String policy(String keyArn) {
                return CachedKeyLookup.this.policy(keyArn);
            }
        };
    }

    private static Object remember(Map<String, Object> cache, String key, Function<String, ?> read) {
        Object v = cache.get(key);
        if (v == null) {
            try {
                v = read.apply(key);
            } catch (KeyLookup.AccessDenied denied) {
                v = denied; // a refusal is an answer; a transient failure is not kept
            }
            cache.put(key, v);
        }
        if (v instanceof KeyLookup.AccessDenied denied) throw denied;
        return v;
    }
}
