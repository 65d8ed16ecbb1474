package io.dbxcp.keys.model;

import java.util.List;

/**
 * Who uses a key, found in Databricks (never in a table of ours): the account's key configurations
 * that name the key's ARN, and the workspaces that hold one of them.
 */
public record KeyUsage(String keyArn, List<KeyConfiguration> keyConfigurations, List<WorkspaceUse> workspaces) {}
