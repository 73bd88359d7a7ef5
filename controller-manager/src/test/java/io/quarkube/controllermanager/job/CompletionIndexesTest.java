package io.quarkube.controllermanager.job;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionIndexesTest {

    @Test
    void writesTheCompressedFormKubernetesWrites() {
        assertEquals("1,3-5", CompletionIndexes.of(List.of(5, 3, 1, 4)).toString());
        assertEquals("0-4", CompletionIndexes.of(List.of(0, 1, 2, 3, 4)).toString());
        assertEquals("3,4", CompletionIndexes.of(List.of(4, 3)).toString());
        assertEquals("", CompletionIndexes.EMPTY.toString());
    }

    @Test
    void parsesMergesAndCutsAtCompletions() {
        CompletionIndexes parsed = CompletionIndexes.parse("1,3-5,9-12", 11);
        assertEquals("1,3-5,9,10", parsed.toString());
        assertEquals(6, parsed.total());
        assertTrue(parsed.has(4));
        assertFalse(parsed.has(2));
        assertEquals("1-5,9,10", parsed.with(List.of(2)).toString());
        assertEquals("0-2", CompletionIndexes.parse("0,1,2", 3).toString());
    }

    @Test
    void findsTheFirstPendingIndexes() {
        CompletionIndexes taken = CompletionIndexes.parse("0,2-3", 10);
        assertEquals(List.of(1, 4, 5), taken.firstMissing(3, 10));
        assertEquals(List.of(1), taken.firstMissing(3, 4));
    }
}
