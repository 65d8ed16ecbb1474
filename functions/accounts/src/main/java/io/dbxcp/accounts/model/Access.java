package io.dbxcp.accounts.model;

/** The role the control plane acts through in the new account, and who it is there once assumed. */
public record Access(String roleArn, String assumedAs) {}
