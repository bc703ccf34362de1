package io.weft.node.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one run of {@code weft report} fetched from a node and which files it wrote, as the summary needs it.
 * File names are relative to the report directory; null where that file could not be written.
 *
 * @param url              the node asked
 * @param window           the latency window asked for
 * @param takenAt          when the report was made
 * @param latencyIndex     the answer of /api/v1/latency
 * @param signals          one entry per signal and class asked for
 * @param capacity         the answer of /api/v1/capacity; null when there was none
 * @param utilisationPlots class name to its utilisation plot file
 * @param problems         endpoints that failed, one line each
 */
record ReportSnapshot(
    String url,
    String window,
    Instant takenAt,
    JsonNode latencyIndex,
    List<Signal> signals,
    JsonNode capacity,
    Map<String, String> utilisationPlots,
    List<String> problems)
{
    /**
     * @param signal   kebab-case signal name
     * @param clazz    executor class; null for a signal that is not per class or when the node named no classes
     * @param stats    the JSON answer of /api/v1/latency/{signal}; null when it failed
     * @param hgrmFile relative file name, or null
     * @param plotFile relative file name, or null
     */
    record Signal(String signal, String clazz, JsonNode stats, String hgrmFile, String plotFile)
    {
    }
}
