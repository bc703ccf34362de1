package io.weft.node.grid;

import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagValidator;

import java.util.function.LongFunction;

/** Reads a DAG's plan from its definition in the grid: null when the grid has none. One grid read per call. */
public final class GridPlanReader implements LongFunction<DagPlan>
{
    private final GridMaps maps;
    private final DagValidator validator = new DagValidator();

    public GridPlanReader(final GridMaps maps)
    {
        this.maps = maps;
    }

    @Override
    public DagPlan apply(final long dagId)
    {
        final DagRecord record = maps.dags.get(dagId);
        return record == null ? null : record.toPlan(validator);
    }
}
