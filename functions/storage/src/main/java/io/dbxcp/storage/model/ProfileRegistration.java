package io.dbxcp.storage.model;

/**
 * The instance profile the mount cluster runs with, as registered in the workspace.
 *
 * @param action       CREATED (registered by this run) or REUSED
 * @param checkedInIam the profile was found in IAM with its role (false: its account is not reachable from here)
 */
public record ProfileRegistration(String instanceProfileArn, String iamRoleArn, String action, boolean checkedInIam) {}
