package io.weft.node.deployments;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A desired state as the API shows it, and as a control plane sends it to a data plane. */
public final class DesiredStateViews
{
    private DesiredStateViews()
    {
    }

    /** What is intended, without when or by whom: the part a data plane applies and an intent's digest covers. */
    public static Map<String, Object> intent(final DesiredDeployment desired)
    {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", desired.name());
        view.put("phase", desired.phase().name());
        view.put("epoch", desired.epoch());
        view.put("expectedNodes", desired.expectedNodes());
        view.put("expectedVersion", desired.expectedVersion());
        view.put("slots", desired.slots());
        return view;
    }

    static Map<String, Object> view(final DesiredDeployment desired)
    {
        final Map<String, Object> view = intent(desired);
        view.put("group", desired.group());
        view.put("createdAt", Instant.ofEpochMilli(desired.createdAtEpochMs()).toString());
        view.put("updatedAt", Instant.ofEpochMilli(desired.updatedAtEpochMs()).toString());
        view.put("updatedBy", desired.updatedBy());
        return view;
    }
}
