package io.weft.transport.executor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownEndpointsTest
{
    @Test
    void parsesCommaSeparatedEndpointsSkippingBlanksAndDuplicates()
    {
        assertEquals(List.of("a:1", "b:2", "[::1]:3"), KnownEndpoints.parse(" a:1, b:2,,a:1 ,[::1]:3"));
        assertEquals(List.of(), KnownEndpoints.parse(""));
        assertThrows(IllegalArgumentException.class, () -> KnownEndpoints.parse("a:1,b"));
        assertThrows(IllegalArgumentException.class, () -> KnownEndpoints.parse(":1"));
        assertThrows(IllegalArgumentException.class, () -> KnownEndpoints.parse("a:x"));
    }

    @Test
    void learnsTheLatestClusterListOnTopOfTheConfiguredEndpoints()
    {
        final KnownEndpoints endpoints = new KnownEndpoints(List.of("a:1"));
        assertEquals(List.of("a:1"), endpoints.snapshot());

        assertTrue(endpoints.learn("b:2,a:1,c:3"));
        assertEquals(List.of("a:1", "b:2", "c:3"), endpoints.snapshot());
        assertFalse(endpoints.learn("b:2,a:1,c:3"), "the same list again changes nothing");

        assertTrue(endpoints.learn("a:1,d:4"));
        assertEquals(List.of("a:1", "d:4"), endpoints.snapshot(), "the latest list replaces the one before");

        assertFalse(endpoints.learn(""), "a node that does not know its cluster leaves what was learned");
        assertFalse(endpoints.learn("garbage"));
        assertEquals(List.of("a:1", "d:4"), endpoints.snapshot());
    }

    @Test
    void rotatesThroughTheEndpointsAndStartsOverForAnUnknownOne()
    {
        final KnownEndpoints endpoints = new KnownEndpoints(List.of("a:1", "b:2", "c:3"));
        assertEquals("b:2", endpoints.after("a:1"));
        assertEquals("c:3", endpoints.after("b:2"));
        assertEquals("a:1", endpoints.after("c:3"));
        assertEquals("a:1", endpoints.after("elsewhere:9"));
    }
}
