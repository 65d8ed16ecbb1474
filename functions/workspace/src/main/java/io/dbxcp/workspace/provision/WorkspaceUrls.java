package io.dbxcp.workspace.provision;

/**
 * A workspace's URL: {@code https://<deployment>.cloud.databricks.com} behind the real account host;
 * behind any other host (the emulator, a unified host) the host itself serves every workspace, told
 * apart by the {@code X-Databricks-Workspace-Id} header, so the URL names the workspace with {@code ?o=<id>}.
 */
public final class WorkspaceUrls {
    private WorkspaceUrls() {}

    public static String of(String accountHost, String deploymentName, Long workspaceId) {
        if (accountHost != null && accountHost.matches("https://accounts(\\.[a-z0-9-]+)*\\.cloud\\.databricks\\.com/?") && deploymentName != null) {
            String zone = accountHost.replaceFirst("https://accounts", "").replaceAll("/$", "");
            return "https://" + deploymentName + zone;
        }
        return accountHost + "/?o=" + workspaceId;
    }
}
