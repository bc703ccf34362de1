package io.weft.node.hybrid;

import com.hazelcast.map.IMap;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paused state a control plane intends for each fabric group, as its fan-outs of pause and resume left it
 * ({@code weft.hybrid.scheduler-intent}): a data plane that pulls its intent gets it even if the fan-out itself never
 * reached it. A scheduler-wide resume clears the class pauses too, as it does on a gateway.
 */
public final class GroupSchedulerIntentStore
{
    /** What a group's gateways should have paused. */
    public record Intent(boolean paused, List<String> pausedClasses) implements java.io.Serializable
    {
        static final Intent RUNNING = new Intent(false, List.of());
    }

    private final IMap<String, Intent> map;

    public GroupSchedulerIntentStore(final IMap<String, Intent> map)
    {
        this.map = map;
    }

    public Intent of(final String groupId)
    {
        final Intent intent = map.get(groupId);
        return intent == null ? Intent.RUNNING : intent;
    }

    /**
     * Records a fan-out of {@code pause} (or resume) of {@code executorClass} (null: the whole scheduler), without
     * waiting: it is called from the fan-out's completion, which must not block.
     */
    public void record(final String groupId, final boolean pause, final String executorClass)
    {
        map.submitToKey(groupId, entry -> {
            final Intent before = entry.getValue() == null ? Intent.RUNNING : entry.getValue();
            final TreeSet<String> classes = new TreeSet<>(before.pausedClasses());
            final boolean paused;
            if (executorClass == null)
            {
                paused = pause;
                if (!pause)
                {
                    classes.clear();
                }
            }
            else
            {
                paused = before.paused();
                if (pause)
                {
                    classes.add(executorClass);
                }
                else
                {
                    classes.remove(executorClass);
                }
            }
            entry.setValue(new Intent(paused, List.copyOf(classes)));
            return null;
        });
    }

    static Map<String, Object> view(final Intent intent)
    {
        final Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("paused", intent.paused());
        view.put("pausedClasses", intent.pausedClasses());
        return view;
    }
}
