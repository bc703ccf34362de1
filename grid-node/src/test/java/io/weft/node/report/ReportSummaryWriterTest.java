package io.weft.node.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportSummaryWriterTest
{
    private final JsonNode index = ReportFixtures.json("latency-index.json");
    private final JsonNode slotWaitCpu = ReportFixtures.json("latency-slot-wait-cpu.json");
    private final JsonNode journalWrite = ReportFixtures.json("latency-journal-write.json");
    private final JsonNode capacity = ReportFixtures.json("capacity.json");

    @Test
    void latencyRowsShowCountAndPercentilesInMillisecondsWithTheirFiles()
    {
        final ReportSnapshot.Signal row = new ReportSnapshot.Signal("slot-wait", "cpu", slotWaitCpu,
            "hgrm/slot-wait-cpu.hgrm", "plots/slot-wait-cpu.png");

        assertEquals("| slot-wait (no answer from n2) | 12,345 | 1.000 | 5.250 | 30.000 "
            + "| [plot](plots/slot-wait-cpu.png) · [hgrm](hgrm/slot-wait-cpu.hgrm) |", ReportSummaryWriter.row(row));
    }

    @Test
    void aSignalWithoutSamplesOrAnswersShowsDashes()
    {
        assertEquals("| journal-write | 0 | – | – | – | [hgrm](hgrm/journal-write.hgrm) |",
            ReportSummaryWriter.row(new ReportSnapshot.Signal("journal-write", null, journalWrite,
                "hgrm/journal-write.hgrm", null)));
        assertEquals("| slot-wait | – | – | – | – | – |",
            ReportSummaryWriter.row(new ReportSnapshot.Signal("slot-wait", "gpu/a100", null, null, null)));
    }

    @Test
    void summaryHasATablePerClassTheCapacityLinesAndLinks()
    {
        final String md = ReportSummaryWriter.markdown(snapshot());

        assertTrue(md.contains("Nodes answering: n1; **not answering: n2**"), md);
        assertTrue(md.contains("## Class `cpu`\n\n### Latency\n\n"
            + "| signal | count | p50 (ms) | p99 (ms) | max (ms) | files |\n"
            + "|---|---:|---:|---:|---:|---|\n"
            + "| slot-wait (no answer from n2) | 12,345 | 1.000 | 5.250 | 30.000 "
            + "| [plot](plots/slot-wait-cpu.png) · [hgrm](hgrm/slot-wait-cpu.hgrm) |\n\n"), md);
        assertTrue(md.contains("- Slots: 8 total, 3 used, 5 available\n"), md);
        assertTrue(md.contains("- Utilisation: now 37.5 %, 1m 50.0 %, 5m 45.0 %, 15m 40.0 %\n"), md);
        assertTrue(md.contains("- Effective runtime (last 5m, 100 jobs): mean 51.200 ms, p50 50.100 ms, p99 60.300 ms\n"),
            md);
        assertTrue(md.contains("- Jobs per hour: estimated at full use 562,500; measured 1m 250,000, 5m 240,000, "
            + "15m 200,000\n"), md);
        assertTrue(md.contains("- Arrivals per hour: 1m 260,000, 5m 241,000, 15m –\n"), md);
        assertTrue(md.contains("- Headroom: enough (6 slots needed for 70.0 % utilisation, 8 there)\n"), md);
        assertTrue(md.contains("- Alert: none\n"), md);
        assertTrue(md.contains("- Executors: exec-a (instance 1) 2/4 used, 50.0 %; exec-b (instance 2) 1/4 used, 25.0 %\n"),
            md);
        assertTrue(md.contains("![utilisation of cpu](plots/utilisation-cpu.png)"), md);
    }

    @Test
    void aClassWithoutDataYetIsShownWithDashesAndItsAlert()
    {
        final String md = ReportSummaryWriter.markdown(snapshot());

        assertTrue(md.contains("## Class `gpu/a100`"), md);
        assertTrue(md.contains("- Utilisation: now 100.0 %, 1m 97.0 %, 5m –, 15m –\n"), md);
        assertTrue(md.contains("- Effective runtime: mean – ms, p50 – ms, p99 – ms\n"), md);
        assertTrue(md.contains("- Jobs per hour: estimated at full use –; measured 1m 30, 5m –, 15m –\n"), md);
        assertTrue(md.contains("- Headroom: **add 2 slots** (4 slots needed for 70.0 % utilisation, 2 there)\n"), md);
        assertTrue(md.contains("- Alert: **above the alert threshold since 2026-12-01T01:00:00Z, at 93.0 %**\n"), md);
        assertTrue(md.contains("## Alerts\n\n- `gpu/a100`: **above the alert threshold since 2026-12-01T01:00:00Z, "
            + "at 93.0 %**\n"), md);
    }

    @Test
    void signalsNotPerClassGetTheirOwnTableAndProblemsAreListed()
    {
        final String md = ReportSummaryWriter.markdown(snapshot());

        assertTrue(md.contains("## All classes together\n\n| signal |"), md);
        assertTrue(md.contains("| journal-write | 0 | – | – | – | [hgrm](hgrm/journal-write.hgrm) |"), md);
        assertTrue(md.contains("## Problems\n\n- plot of journal-write: HTTP 500\n"), md);
        assertTrue(md.contains("`capacity.json`"), md);
    }

    @Test
    void withoutACapacityAnswerThereAreNoCapacityLines()
    {
        final ReportSnapshot report = new ReportSnapshot("http://n1:8080", "since-start", Instant.EPOCH, index,
            List.of(new ReportSnapshot.Signal("slot-wait", "cpu", slotWaitCpu, null, null)), null, Map.of(), List.of());

        final String md = ReportSummaryWriter.markdown(report);

        assertFalse(md.contains("### Capacity"), md);
        assertFalse(md.contains("## Alerts"), md);
        assertTrue(md.contains("| slot-wait (no answer from n2) | 12,345 |"), md);
    }

    private ReportSnapshot snapshot()
    {
        return new ReportSnapshot("http://127.0.0.1:8080", "5m", Instant.parse("2026-12-01T01:05:00Z"), index,
            List.of(
                new ReportSnapshot.Signal("slot-wait", "cpu", slotWaitCpu, "hgrm/slot-wait-cpu.hgrm",
                    "plots/slot-wait-cpu.png"),
                new ReportSnapshot.Signal("slot-wait", "gpu/a100", null, null, null),
                new ReportSnapshot.Signal("journal-write", null, journalWrite, "hgrm/journal-write.hgrm", null)),
            capacity,
            Map.of("cpu", "plots/utilisation-cpu.png", "gpu/a100", "plots/utilisation-gpu_a100.png"),
            List.of("plot of journal-write: HTTP 500"));
    }
}
