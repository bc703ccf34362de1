package io.weft.node.hybrid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.fabric.Gateway;
import io.weft.fabric.Publication;
import io.weft.fabric.store.FabricStores;
import io.weft.fabric.template.TemplateDefinition;
import io.weft.node.deployments.DesiredDeployment;
import io.weft.node.deployments.DesiredDeploymentStore;
import io.weft.node.deployments.DesiredStateViews;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What a data plane should run, as its control plane sees it: the templates published to its gateway's group (with
 * their content), the paused state the group's fan-outs left, and the desired deployment states declared for that
 * group (a state with no group is the control plane's own and goes to no data plane).
 * Its {@code revision} is a digest of that content, so the data plane can tell a change without a counter anyone
 * must keep in step.
 */
public final class IntentAssembler
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FabricStores fabric;
    private final GroupSchedulerIntentStore scheduler;
    private final DesiredDeploymentStore deployments;

    public IntentAssembler(final FabricStores fabric, final GroupSchedulerIntentStore scheduler, final DesiredDeploymentStore deployments)
    {
        this.fabric = fabric;
        this.scheduler = scheduler;
        this.deployments = deployments;
    }

    public Map<String, Object> intentFor(final String gatewayId, final long nowMs)
    {
        final Gateway gateway = fabric.gateways().find(gatewayId)
            .orElseThrow(() -> new NoSuchElementException("gateway '" + gatewayId + "' is not registered with this control plane"));
        final String groupId = gateway.groupId();
        final List<Map<String, Object>> templates = new ArrayList<>();
        fabric.publications().list().stream()
            .filter(publication -> publication.groupId().equals(groupId))
            .sorted(Comparator.comparing(Publication::template).thenComparing(Publication::version))
            .forEach(publication -> {
                final String key = Publication.key(groupId, publication.template(), publication.version());
                final TemplateDefinition definition = fabric.definitions().find(key).orElse(null);
                if (definition != null)
                {
                    final Map<String, Object> template = new LinkedHashMap<>();
                    template.put("name", publication.template());
                    template.put("version", publication.version());
                    template.put("digest", publication.digest());
                    template.put("definition", definition);
                    templates.add(template);
                }
            });
        final List<Map<String, Object>> desired = new ArrayList<>();
        for (final DesiredDeployment state : deployments.all().values())
        {
            if (groupId != null && groupId.equals(state.group()))
            {
                desired.add(DesiredStateViews.intent(state));
            }
        }
        final Map<String, Object> content = new LinkedHashMap<>();
        content.put("templates", templates.stream().map(t -> t.get("name") + "@" + t.get("version") + "#" + t.get("digest")).toList());
        content.put("scheduler", GroupSchedulerIntentStore.view(scheduler.of(groupId)));
        content.put("deployments", desired);
        final Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("gatewayId", gatewayId);
        intent.put("groupId", groupId);
        intent.put("revision", digest(content));
        intent.put("issuedAt", Instant.ofEpochMilli(nowMs).toString());
        intent.put("templates", templates);
        intent.put("scheduler", content.get("scheduler"));
        intent.put("deployments", desired);
        return intent;
    }

    private static String digest(final Object content)
    {
        try
        {
            final byte[] bytes = JSON.writeValueAsString(content).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        }
        catch (final JsonProcessingException | NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("cannot digest an intent", ex);
        }
    }
}
