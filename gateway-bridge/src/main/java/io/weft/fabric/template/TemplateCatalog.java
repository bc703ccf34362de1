package io.weft.fabric.template;

import io.weft.fabric.FabricProblem;
import io.weft.fabric.store.RecordStore;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A gateway's templates, kept in its own grid. Publishing is idempotent by digest: the same content under the same
 * name and version is a no-op, different content under a version that exists is refused, because a version that
 * means two things would make drift checks meaningless. Calls block on the grid.
 */
public final class TemplateCatalog
{
    private final RecordStore<StoredTemplate> store;
    private final Clock clock;

    public TemplateCatalog(final RecordStore<StoredTemplate> store, final Clock clock)
    {
        this.store = store;
        this.clock = clock;
    }

    public static String key(final String name, final String version)
    {
        return name + "@" + version;
    }

    /** Stores the template; {@code created} is false when this exact content was already there. */
    public TemplatePublished publish(final TemplateDefinition definition)
    {
        final String digest = TemplateDigester.digest(definition);
        final StoredTemplate candidate =
            new StoredTemplate(definition.name(), definition.version(), digest, clock.instant(), definition);
        final String key = key(definition.name(), definition.version());
        if (store.putIfAbsent(key, candidate))
        {
            return new TemplatePublished(candidate.summary(), true);
        }
        final Optional<StoredTemplate> existing = store.find(key);
        if (existing.isEmpty())
        {
            // Removed between our two calls: the store is free again.
            store.put(key, candidate);
            return new TemplatePublished(candidate.summary(), true);
        }
        if (!existing.get().digest().equals(digest))
        {
            throw FabricProblem.TEMPLATE_CONFLICT.exception(
                "template " + key + " already exists with digest " + existing.get().digest() + "; this content has " +
                digest + ". Publish it under a new version");
        }
        return new TemplatePublished(existing.get().summary(), false);
    }

    public TemplateList list()
    {
        final List<TemplateSummary> summaries = store.list().stream()
            .map(StoredTemplate::summary)
            .sorted(Comparator.comparing(TemplateSummary::name).thenComparing(TemplateSummary::version))
            .toList();
        return new TemplateList(summaries);
    }

    public Optional<StoredTemplate> find(final String name, final String version)
    {
        return store.find(key(name, version));
    }

    public boolean remove(final String name, final String version)
    {
        return store.remove(key(name, version));
    }
}
