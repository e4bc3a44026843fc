package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {
    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void closesAChunkAtTheItemLimit() {
        List<List<Integer>> chunks = Chunks.split(range(0, 2500), 1000, Long.MAX_VALUE, i -> 1);
        assertEquals(List.of(range(0, 1000), range(1000, 2000), range(2000, 2500)), chunks);
    }

    @Test
    void closesAChunkBeforeItWouldPassTheByteLimit() {
        List<List<Integer>> chunks = Chunks.split(List.of(4, 4, 4, 9, 1), 1000, 10, i -> i);
        assertEquals(List.of(List.of(4, 4), List.of(4), List.of(9, 1)), chunks);
    }

    @Test
    void anItemOverTheByteLimitGetsAChunkOfItsOwn() {
        assertEquals(List.of(List.of(1), List.of(50), List.of(2)), Chunks.split(List.of(1, 50, 2), 1000, 10, i -> i));
    }

    @Test
    void nothingIsNoChunk() {
        assertEquals(List.of(), Chunks.split(List.of(), 10, 10, i -> 1));
        assertThrows(IllegalArgumentException.class, () -> Chunks.split(List.of(1), 0, 10, i -> 1));
    }
}
