package io.weft.node.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Desired deployment states in the grid ({@code weft.desired-deployments}, one backup), by deployment name, as JSON
 * text: a field added later reads as absent from an older entry, so the format can grow without a migration.
 */
public final class DesiredDeploymentStore
{
    // A field a newer node added is ignored, not fatal: nodes of two versions share the map during an upgrade.
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final IMap<String, String> map;

    public DesiredDeploymentStore(final IMap<String, String> map)
    {
        this.map = map;
    }

    public Optional<DesiredDeployment> find(final String name)
    {
        return Optional.ofNullable(map.get(name)).map(DesiredDeploymentStore::read);
    }

    public Map<String, DesiredDeployment> all()
    {
        final Map<String, DesiredDeployment> all = new TreeMap<>();
        map.forEach((name, json) -> all.put(name, read(json)));
        return all;
    }

    /** Stores it, replacing any earlier state of that name; true if there was none. */
    public boolean put(final DesiredDeployment desired)
    {
        try
        {
            return map.put(desired.name(), JSON.writeValueAsString(desired)) == null;
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot write the desired state of " + desired.name(), ex);
        }
    }

    public boolean delete(final String name)
    {
        return map.remove(name) != null;
    }

    /** Runs {@code onChange} on every change from any node (a grid event thread); returns the listener's id. */
    public UUID onChange(final Runnable onChange)
    {
        final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>
        {
            @Override
            public void entryAdded(final com.hazelcast.core.EntryEvent<String, String> event)
            {
                onChange.run();
            }

            @Override
            public void entryUpdated(final com.hazelcast.core.EntryEvent<String, String> event)
            {
                onChange.run();
            }

            @Override
            public void entryRemoved(final com.hazelcast.core.EntryEvent<String, String> event)
            {
                onChange.run();
            }
        }
        return map.addEntryListener(new Listener(), false);
    }

    public void removeListener(final UUID listenerId)
    {
        try
        {
            map.removeEntryListener(listenerId);
        }
        catch (final com.hazelcast.core.HazelcastInstanceNotActiveException ex)
        {
            // The member is already down, and its listeners with it.
        }
    }

    private static DesiredDeployment read(final String json)
    {
        try
        {
            return JSON.readValue(json, DesiredDeployment.class);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("a desired state in the grid is not readable: " + ex.getOriginalMessage(), ex);
        }
    }
}
