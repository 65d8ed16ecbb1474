package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.DatabricksErrors;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.GlobalInitScriptCreateRequest;
import com.databricks.sdk.service.compute.GlobalInitScriptDetails;
import com.databricks.sdk.service.compute.GlobalInitScriptUpdateRequest;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4b: the global init script of {@link CoreSiteInitScript} for {@code configure.initScript},
 * enabled, first in order (position 0) when created. Looked up by name (global init script names
 * need not be unique, so every script of that name is read):
 *
 * <ul>
 *   <li>none: created;
 *   <li>one with the same content: reused (enabled again if someone disabled it);
 *   <li>one marked as managed by dbxcp with other content (e.g. another key): its content is
 *       replaced, its position kept; reported as reused;
 *   <li>only scripts of that name that are not ours: {@link ResourceConflictException}.
 * </ul>
 */
public final class InitScriptService {
    private static final Logger LOG = LoggerFactory.getLogger(InitScriptService.class);

    private final DatabricksClients clients;

    public InitScriptService(DatabricksClients clients) {
        this.clients = clients;
    }

    public List<Ref> configure(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        WorkspaceRequest.InitScript asked = request.configure() == null ? null : request.configure().initScript();
        if (asked == null) return List.of();
        String name = asked.name();
        String wanted = CoreSiteInitScript.forKey(asked.rootBucketKeyArn());
        WorkspaceClient ws = clients.workspace(state.workspace().workspaceId(), state.workspace().deploymentName());
        List<GlobalInitScriptDetails> sameName = DatabricksErrors.call("list global init scripts", () -> StreamSupport
                .stream(ws.globalInitScripts().list().spliterator(), false)
                .filter(s -> name.equals(s.getName()))
                .toList());
        GlobalInitScriptDetails ours = null;
        for (GlobalInitScriptDetails s : sameName) {
            String content = CoreSiteInitScript.decode(
                    DatabricksErrors.call("get global init script " + s.getScriptId(), () -> ws.globalInitScripts().get(s.getScriptId()).getScript()));
            if (content.equals(wanted)) {
                if (!Boolean.TRUE.equals(s.getEnabled())) {
                    update(ws, s.getScriptId(), name, wanted);
                    LOG.info("global init script '{}' enabled again: {}", name, s.getScriptId());
                } else {
                    LOG.info("global init script '{}' reused: {}", name, s.getScriptId());
                }
                return List.of(Ref.reused(Kinds.GLOBAL_INIT_SCRIPT, s.getScriptId(), name));
            }
            if (ours == null && content.contains(CoreSiteInitScript.MARK)) ours = s;
        }
        if (ours != null) {
            update(ws, ours.getScriptId(), name, wanted);
            LOG.info("global init script '{}' updated to the requested content: {}", name, ours.getScriptId());
            return List.of(Ref.reused(Kinds.GLOBAL_INIT_SCRIPT, ours.getScriptId(), name));
        }
        if (!sameName.isEmpty()) {
            throw new ResourceConflictException("global init script name '" + name + "' is taken by scripts not made by dbxcp ("
                    + String.join(", ", sameName.stream().map(GlobalInitScriptDetails::getScriptId).toList())
                    + "): set configure.initScript.name to another name, or rename those scripts");
        }
        String id = DatabricksErrors.call("create global init script " + name, () -> ws.globalInitScripts().create(new GlobalInitScriptCreateRequest()
                .setName(name)
                .setScript(CoreSiteInitScript.base64(wanted))
                .setEnabled(true)
                .setPosition(0L)).getScriptId());
        LOG.info("global init script '{}' created: {}", name, id);
        return List.of(Ref.created(Kinds.GLOBAL_INIT_SCRIPT, id, name));
    }

    private static void update(WorkspaceClient ws, String id, String name, String content) {
        DatabricksErrors.run("update global init script " + id, () -> ws.globalInitScripts().update(new GlobalInitScriptUpdateRequest()
                .setScriptId(id)
                .setName(name)
                .setScript(CoreSiteInitScript.base64(content))
                .setEnabled(true)));
    }
}
