package io.dbxcp.storage.model;

/** A Unity Catalog storage credential: its name, the role it assumes, and CREATED or REUSED. */
public record CredentialRef(String name, String roleArn, String action) {}
