package io.weft.fabric.control;

import io.weft.fabric.Aggregate;
import io.weft.fabric.DriftReport;
import io.weft.fabric.ExecutionRecord;
import io.weft.fabric.FabricException;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.FabricProblem;
import io.weft.fabric.FanOutResult;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayHealth;
import io.weft.fabric.GatewayOutcome;
import io.weft.fabric.HealthState;
import io.weft.fabric.Outcome;
import io.weft.fabric.Publication;
import io.weft.fabric.ValidationReport;
import io.weft.fabric.gateway.ExecutionAccepted;
import io.weft.fabric.gateway.ExecutionRequest;
import io.weft.fabric.gateway.GatewayCallException;
import io.weft.fabric.gateway.GatewayClient;
import io.weft.fabric.gateway.GatewayHealthMonitor;
import io.weft.fabric.gateway.GatewayReply;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import io.weft.fabric.template.TemplateDefinition;
import io.weft.fabric.template.TemplateDigester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The operations that talk to a group's gateways: validate, publish, drift, pause and resume fan-out, execute.
 *
 * <p>Each one reads the group from the stores on the blocking executor, then contacts every gateway at once
 * through the asynchronous client, then records what it learned on the blocking executor again; no thread waits
 * on a gateway. Every gateway is asked only once it passed a fresh health check, and each one's result is kept
 * in the answer, so one gateway's failure is never hidden behind the group's summary.
 */
public final class FabricOperations
{
    private static final Logger LOG = LoggerFactory.getLogger(FabricOperations.class);
    private static final String PROBLEM_TYPE_BASE = "https://weft.dev/problems/";

    private final FabricRegistry registry;
    private final FabricStores stores;
    private final GatewayClient client;
    private final GatewayHealthMonitor health;
    private final GatewayTokenResolver tokens;
    private final Executor blocking;
    private final Clock clock;
    private volatile FabricOperationListener listener = FabricOperationListener.NONE;

    public FabricOperations(
        final FabricRegistry registry,
        final FabricStores stores,
        final GatewayClient client,
        final GatewayHealthMonitor health,
        final GatewayTokenResolver tokens,
        final Executor blocking,
        final Clock clock)
    {
        this.registry = registry;
        this.stores = stores;
        this.client = client;
        this.health = health;
        this.tokens = tokens;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** Who hears of each completed operation (the node's event stream). */
    public void listener(final FabricOperationListener listener)
    {
        this.listener = listener;
    }

    private record Target(FabricGroup group, List<Gateway> gateways, List<Publication> publications)
    {
    }

    // ------------------------------------------------------------------------------------------- validation

    public CompletableFuture<ValidationReport> validate(final String groupId)
    {
        return target(groupId, false)
            .thenCompose(target -> all(target.gateways().stream().map(this::probeRuntime).toList())
                .thenApply(probes -> GroupValidator.validate(target.group(), probes, clock.instant())))
            .thenApplyAsync(report ->
            {
                stores.validations().put(groupId, report);
                LOG.info("fabric group {} validated: {}", groupId, report.status());
                listener.completed("validation", groupId, null, report.status() == io.weft.fabric.GroupStatus.HEALTHY,
                    java.util.Map.of("status", report.status().name(), "reasons", report.reasons()));
                return report;
            }, blocking);
    }

    private CompletableFuture<GroupValidator.Probe> probeRuntime(final Gateway gateway)
    {
        return health.ensureChecked(gateway).thenCompose(checked ->
        {
            if (!checked.isUp())
            {
                return CompletableFuture.completedFuture(new GroupValidator.Probe(gateway, checked, null, null, false));
            }
            return client.runtime(gateway, token(gateway)).handle((reply, failure) ->
            {
                if (failure == null)
                {
                    return new GroupValidator.Probe(gateway, checked, reply.body(), null, false);
                }
                final GatewayCallException call = GatewayCallException.of(failure);
                // It passed a check moments ago but is gone now: count it as down, not as healthy.
                final GatewayHealth seen = call.unavailable() ?
                    new GatewayHealth(gateway.gatewayId(), HealthState.DOWN, call.getMessage(), clock.instant(), 0) : checked;
                return new GroupValidator.Probe(gateway, seen, null, call.getMessage(), call.unavailable());
            });
        });
    }

    // ------------------------------------------------------------------------------------------ publication

    public CompletableFuture<Publication> publish(final String groupId, final TemplateDefinition template)
    {
        final String digest = TemplateDigester.digest(template);
        final String key = Publication.key(groupId, template.name(), template.version());
        return target(groupId, false)
            .thenApplyAsync(target ->
            {
                stores.publications().find(key).ifPresent(existing ->
                {
                    if (!existing.digest().equals(digest))
                    {
                        throw FabricProblem.TEMPLATE_CONFLICT.exception(
                            template.name() + "@" + template.version() + " was published to group " + groupId +
                            " with digest " + existing.digest() + "; this content has " + digest + ". Publish it under a new version");
                    }
                });
                return target;
            }, blocking)
            .thenCompose(target -> fanOut(target.gateways(),
                (gateway, token) -> client.publish(gateway, token, template),
                reply -> reply.body().created() ? "published" : "already held, unchanged"))
            .thenApplyAsync(outcomes ->
            {
                final Publication publication = new Publication(
                    groupId, template.name(), template.version(), digest, clock.instant(), Aggregate.of(outcomes), outcomes);
                stores.definitions().put(key, template);
                stores.publications().put(key, publication);
                LOG.info("template {}@{} published to group {}: {}", template.name(), template.version(), groupId, publication.aggregate());
                listener.completed("publication", groupId, null, publication.aggregate() == Aggregate.ALL_SUCCEEDED,
                    java.util.Map.of("template", template.name(), "version", template.version(), "aggregate", publication.aggregate().name()));
                return publication;
            }, blocking);
    }

    /** The group's intended state, by template and version. Blocks. */
    public List<Publication> publications(final String groupId)
    {
        registry.group(groupId);
        return intendedState(groupId);
    }

    private List<Publication> intendedState(final String groupId)
    {
        return stores.publications().list().stream()
            .filter(publication -> publication.groupId().equals(groupId))
            .sorted(Comparator.comparing(Publication::template).thenComparing(Publication::version))
            .toList();
    }

    // ------------------------------------------------------------------------------------------------ drift

    public CompletableFuture<DriftReport> drift(final String groupId)
    {
        return target(groupId, true)
            .thenCompose(target -> all(target.gateways().stream().map(this::probeTemplates).toList())
                .thenApply(probes -> DriftDetector.detect(groupId, target.publications(), probes, clock.instant())))
            .thenApply(report ->
            {
                listener.completed("drift", groupId, null, report.summary().drifted() == 0,
                    java.util.Map.of("state", report.summary().state().name(), "inSync", report.summary().inSync(),
                        "drifted", report.summary().drifted()));
                return report;
            });
    }

    private CompletableFuture<DriftDetector.Probe> probeTemplates(final Gateway gateway)
    {
        final String id = gateway.gatewayId();
        return health.ensureChecked(gateway).thenCompose(checked ->
        {
            if (!checked.isUp())
            {
                return CompletableFuture.completedFuture(
                    new DriftDetector.Probe(id, null, "not asked: the gateway is " + checked.describe()));
            }
            return client.templates(gateway, token(gateway)).handle((reply, failure) -> failure == null ?
                new DriftDetector.Probe(id, reply.body(), null) :
                new DriftDetector.Probe(id, null, "templates could not be read: " + GatewayCallException.of(failure).getMessage()));
        });
    }

    // ---------------------------------------------------------------------------------------------- fan-out

    public CompletableFuture<FanOutResult> pause(final String groupId, final String executorClass)
    {
        return command(groupId, "pause", executorClass,
            (gateway, token) -> client.pause(gateway, token, executorClass));
    }

    public CompletableFuture<FanOutResult> resume(final String groupId, final String executorClass)
    {
        return command(groupId, "resume", executorClass,
            (gateway, token) -> client.resume(gateway, token, executorClass));
    }

    private <R> CompletableFuture<FanOutResult> command(
        final String groupId,
        final String command,
        final String executorClass,
        final BiFunction<Gateway, String, CompletableFuture<GatewayReply<R>>> call)
    {
        return target(groupId, false)
            .thenCompose(target -> fanOut(target.gateways(), call, reply -> command + " accepted"))
            .thenApply(outcomes ->
            {
                final FanOutResult result = FanOutResult.of(groupId, command, executorClass, outcomes);
                LOG.info("{} fanned out to group {}: {} ({} succeeded, {} failed)",
                    command, groupId, result.aggregate(), result.succeeded(), result.failed());
                final java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
                summary.put("command", command);
                if (executorClass != null)
                {
                    summary.put("executorClass", executorClass);
                }
                summary.put("aggregate", result.aggregate().name());
                summary.put("succeeded", result.succeeded());
                summary.put("failed", result.failed());
                listener.completed("fan-out", groupId, null, result.aggregate() == Aggregate.ALL_SUCCEEDED, summary);
                return result;
            });
    }

    private <R> CompletableFuture<List<GatewayOutcome>> fanOut(
        final List<Gateway> gateways,
        final BiFunction<Gateway, String, CompletableFuture<GatewayReply<R>>> call,
        final Function<GatewayReply<R>, String> success)
    {
        return all(gateways.stream().map(gateway -> contact(gateway, call, success)).toList());
    }

    /** One gateway's part of a fan-out; the future never fails, a failure is an outcome. */
    private <R> CompletableFuture<GatewayOutcome> contact(
        final Gateway gateway,
        final BiFunction<Gateway, String, CompletableFuture<GatewayReply<R>>> call,
        final Function<GatewayReply<R>, String> success)
    {
        final long startNs = System.nanoTime();
        final String id = gateway.gatewayId();
        return health.ensureChecked(gateway).thenCompose(checked ->
        {
            if (!checked.isUp())
            {
                return CompletableFuture.completedFuture(new GatewayOutcome(
                    id, Outcome.FAILED, 0, "not contacted: the gateway is " + checked.describe(), clock.instant(), elapsedMs(startNs)));
            }
            CompletableFuture<GatewayReply<R>> sent;
            try
            {
                sent = call.apply(gateway, token(gateway));
            }
            catch (final RuntimeException ex)
            {
                sent = CompletableFuture.failedFuture(ex);
            }
            return sent.handle((reply, failure) ->
            {
                if (failure == null)
                {
                    return new GatewayOutcome(id, Outcome.SUCCEEDED, reply.status(), success.apply(reply), clock.instant(), elapsedMs(startNs));
                }
                final GatewayCallException error = GatewayCallException.of(failure);
                return new GatewayOutcome(id, Outcome.FAILED, error.httpStatus(), error.getMessage(), clock.instant(), elapsedMs(startNs));
            });
        });
    }

    // -------------------------------------------------------------------------------------------- execution

    public CompletableFuture<ExecutionRecord> execute(final String groupId, final ExecutionRequest request)
    {
        return target(groupId, true)
            .thenApply(target -> new Resolved(target, request.withVersion(resolveVersion(target, request))))
            .thenCompose(this::rankCandidates)
            .thenCompose(ranked -> submit(ranked.resolved().request(), ranked.candidates(), 0, new ArrayList<>()))
            .thenApplyAsync(submitted ->
            {
                final ExecutionRecord record = new ExecutionRecord(
                    UUID.randomUUID().toString(),
                    groupId,
                    submitted.gateway().gatewayId(),
                    request.template(),
                    submitted.version(),
                    submitted.accepted().dagId(),
                    clock.instant());
                stores.executions().put(record.executionId(), record);
                LOG.info("execution {} of {}@{} for group {} went to gateway {} as DAG {}",
                    record.executionId(), record.template(), record.version(), groupId, record.gatewayId(), record.dagId());
                listener.completed("execution", groupId, record.gatewayId(), true, java.util.Map.of("executionId", record.executionId(),
                    "template", record.template(), "version", record.version(), "dagId", String.valueOf(record.dagId())));
                return record;
            }, blocking);
    }

    private record Resolved(Target target, ExecutionRequest request)
    {
    }

    private record Ranked(Resolved resolved, List<Gateway> candidates, List<String> excluded)
    {
    }

    private record Submitted(Gateway gateway, String version, ExecutionAccepted accepted)
    {
    }

    /** The version to run: the one asked for if the group has it, else the group's latest publication of the name. */
    private static String resolveVersion(final Target target, final ExecutionRequest request)
    {
        final String groupId = target.group().groupId();
        final List<Publication> ofName = target.publications().stream()
            .filter(publication -> publication.template().equals(request.template()))
            .toList();
        if (request.version() != null)
        {
            if (ofName.stream().noneMatch(publication -> publication.version().equals(request.version())))
            {
                throw FabricProblem.TEMPLATE_NOT_PUBLISHED.exception(
                    request.template() + "@" + request.version() + " is not published to group " + groupId +
                    (ofName.isEmpty() ? "" : "; published versions: " + ofName.stream().map(Publication::version).toList()),
                    "version");
            }
            return request.version();
        }
        return ofName.stream()
            .max(Comparator.comparing(Publication::publishedAt))
            .map(Publication::version)
            .orElseThrow(() -> FabricProblem.TEMPLATE_NOT_PUBLISHED.exception(
                "template " + request.template() + " is not published to group " + groupId + "; publish it first", "template"));
    }

    private CompletableFuture<Ranked> rankCandidates(final Resolved resolved)
    {
        final Target target = resolved.target();
        final List<String> excluded = new ArrayList<>();
        if (!target.group().enabled())
        {
            throw FabricProblem.NO_ELIGIBLE_GATEWAY.exception("group " + target.group().groupId() + " is disabled");
        }
        final List<CompletableFuture<Optional<GatewaySelector.Candidate>>> probes = new ArrayList<>();
        for (final Gateway gateway : target.gateways())
        {
            final Optional<String> exclusion = GatewaySelector.staticExclusion(gateway);
            if (exclusion.isPresent())
            {
                excluded.add(exclusion.get());
                continue;
            }
            probes.add(health.ensureChecked(gateway).thenCompose(checked ->
            {
                final Optional<String> unhealthy = GatewaySelector.healthExclusion(checked);
                if (unhealthy.isPresent())
                {
                    synchronized (excluded)
                    {
                        excluded.add(unhealthy.get());
                    }
                    return CompletableFuture.completedFuture(Optional.<GatewaySelector.Candidate>empty());
                }
                return client.capacity(gateway, token(gateway)).handle((reply, failure) ->
                    Optional.of(new GatewaySelector.Candidate(gateway, failure == null ? reply.body() : null)));
            }));
        }
        return all(probes).thenApply(found ->
        {
            final List<GatewaySelector.Candidate> candidates = found.stream().flatMap(Optional::stream).toList();
            final List<String> reasons;
            synchronized (excluded)
            {
                reasons = List.copyOf(excluded);
            }
            if (candidates.isEmpty())
            {
                throw FabricProblem.NO_ELIGIBLE_GATEWAY.exception(
                    "no gateway of group " + target.group().groupId() + " is enabled, healthy and takes writes" +
                    (reasons.isEmpty() ? " (the group has no gateways)" : ": " + String.join("; ", reasons)));
            }
            return new Ranked(resolved, GatewaySelector.rank(candidates).stream().map(GatewaySelector.Candidate::gateway).toList(), reasons);
        });
    }

    /**
     * Tries the ranked gateways in turn, moving on only when a connection could not even be opened: after a
     * timeout the DAG may have been accepted, and sending it elsewhere could run it twice.
     */
    private CompletableFuture<Submitted> submit(
        final ExecutionRequest request, final List<Gateway> ranked, final int index, final List<String> failures)
    {
        final Gateway gateway = ranked.get(index);
        return client.execute(gateway, token(gateway), request)
            .handle((reply, failure) ->
            {
                if (failure == null)
                {
                    return CompletableFuture.completedFuture(new Submitted(gateway, request.version(), reply.body()));
                }
                final GatewayCallException error = GatewayCallException.of(failure);
                if (error.kind() == GatewayCallException.Kind.CONNECT_FAILED && index + 1 < ranked.size())
                {
                    LOG.warn("execution could not reach gateway {} ({}); trying the next one", gateway.gatewayId(), error.getMessage());
                    failures.add(gateway.gatewayId() + ": " + error.getMessage());
                    return submit(request, ranked, index + 1, failures);
                }
                throw relay(gateway, error, failures);
            })
            .thenCompose(Function.identity());
    }

    // ----------------------------------------------------------------------------------------------- shared

    private CompletableFuture<Target> target(final String groupId, final boolean withPublications)
    {
        return onStore(() ->
        {
            final FabricGroup group = registry.group(groupId);
            final List<Gateway> enabled = registry.members(groupId).stream().filter(Gateway::enabled).toList();
            return new Target(group, enabled, withPublications ? intendedState(groupId) : List.of());
        }, blocking);
    }

    /** Blocking work on the store pool; a full pool fails the future instead of throwing at the caller. */
    static <T> CompletableFuture<T> onStore(final java.util.function.Supplier<T> work, final Executor blocking)
    {
        try
        {
            return CompletableFuture.supplyAsync(work, blocking);
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private String token(final Gateway gateway)
    {
        return tokens.tokenFor(gateway.gatewayId()).orElse(null);
    }

    private static <T> CompletableFuture<List<T>> all(final List<CompletableFuture<T>> futures)
    {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
            .thenApply(ignored -> futures.stream().map(CompletableFuture::join).toList());
    }

    private static long elapsedMs(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    /** A gateway's refusal of an execution, relayed with its own problem type unless it is about our credentials. */
    static FabricException relay(final Gateway gateway, final GatewayCallException error, final List<String> earlier)
    {
        final String detail = "gateway " + gateway.gatewayId() + ": " + error.getMessage() +
            (earlier.isEmpty() ? "" : " (tried before: " + String.join("; ", earlier) + ")");
        final int status = error.httpStatus();
        if (error.kind() == GatewayCallException.Kind.HTTP_ERROR && status >= 400 && status < 500 && status != 401 && status != 403 &&
            error.problemType() != null && error.problemType().startsWith(PROBLEM_TYPE_BASE))
        {
            return new FabricException(
                error.problemType().substring(PROBLEM_TYPE_BASE.length()),
                error.problemTitle() == null ? FabricProblem.GATEWAY_FAILED.title() : error.problemTitle(),
                status,
                detail,
                null);
        }
        return FabricProblem.GATEWAY_FAILED.exception(detail);
    }
}
