package io.weft.node.signals;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CapacityAlertMonitorTest
{
    private final CapacityAlertMonitor alerts = new CapacityAlertMonitor(0.8, 3_000, 2_000);

    @Test
    void aClassAboveTheThresholdForTheWholeDelayRaisesOneAlertThatClearsOnlyAfterTheClearDelay()
    {
        alerts.observe("ocr", 0.9, 0);
        alerts.observe("ocr", 0.95, 2_999);
        assertNull(alerts.alertOf("ocr"), "not yet above for 3 s");
        alerts.observe("ocr", 0.85, 3_000);
        assertEquals(new CapacityAlertMonitor.Alert("ocr", 0, 0.85), alerts.alertOf("ocr"));
        assertEquals(1, alerts.raisedCount());

        alerts.observe("ocr", 0.5, 4_000);
        alerts.observe("ocr", 0.9, 5_000);                  // back above: the clear delay starts again
        alerts.observe("ocr", 0.1, 6_000);
        alerts.observe("ocr", 0.1, 7_999);
        // Still raised, since 0 ms, with the last utilisation seen above the threshold.
        assertEquals(List.of(new CapacityAlertMonitor.Alert("ocr", 0, 0.9)), alerts.raised());
        alerts.observe("ocr", 0.1, 8_000);
        assertNull(alerts.alertOf("ocr"));
        assertEquals(List.of(), alerts.raised());
        assertEquals(1, alerts.raisedCount(), "one alert for the whole busy spell");
        assertEquals(1, alerts.clearedCount());
    }

    @Test
    void aDipBelowTheThresholdRestartsTheRaiseDelayAndExactlyTheThresholdIsNotAbove()
    {
        alerts.observe("llm", 0.9, 0);
        alerts.observe("llm", 0.8, 2_000);
        alerts.observe("llm", 0.9, 2_500);
        alerts.observe("llm", 0.9, 5_000);
        assertNull(alerts.alertOf("llm"), "above again only since 2.5 s");
        alerts.observe("llm", 0.9, 5_500);
        assertEquals(2_500, alerts.alertOf("llm").sinceEpochMs());
        assertNull(alerts.alertOf("ocr"), "classes are judged apart");
    }
}
