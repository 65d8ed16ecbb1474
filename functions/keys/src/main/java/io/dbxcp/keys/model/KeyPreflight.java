package io.dbxcp.keys.model;

import java.util.List;

/** What the new key's preflight checked ({@code $.preflight}); it throws instead when anything is wrong. */
public record KeyPreflight(String keyArn, List<String> checked) {}
