package io.keyferry.common.compare;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonReportTest {

    @Test
    void emptyTallyIsIdentical() {
        ComparisonTally tally = new ComparisonTally(5);
        tally.sourceKey();
        tally.targetKey();
        ComparisonReport report = tally.toReport();
        assertTrue(report.identical());
        assertEquals(0, report.differences());
        assertEquals("Keyspace comparison: 1 source keys, 1 target keys, identical", report.toString());
    }

    @Test
    void countsEveryDifferenceButKeepsAFewExamplesPerKind() {
        ComparisonTally tally = new ComparisonTally(2);
        for (int i = 0; i < 4; i++) {
            tally.difference(new Difference(DifferenceKind.VALUE, ("v" + i).getBytes(StandardCharsets.US_ASCII), "d"));
        }
        tally.difference(new Difference(DifferenceKind.TTL, new byte[] {0, 't'}, "source persistent, target ttl 5 ms"));
        ComparisonReport report = tally.toReport();

        assertFalse(report.identical());
        assertEquals(4, report.count(DifferenceKind.VALUE));
        assertEquals(1, report.count(DifferenceKind.TTL));
        assertEquals(0, report.count(DifferenceKind.MISSING));
        assertEquals(5, report.differences());
        assertEquals(3, report.examples().size());
        assertEquals(2, report.examples(DifferenceKind.VALUE).size());
    }

    @Test
    void textListsCountsThenExamplesWithPrintableKeys() {
        ComparisonTally tally = new ComparisonTally(5);
        tally.sourceKey();
        tally.valueNotCompared();
        tally.difference(new Difference(DifferenceKind.MISSING, new byte[] {'k', (byte) 0xff},
                "source hash, not in target"));
        assertEquals("""
                Keyspace comparison: 1 source keys, 0 target keys, 1 differing keys
                  MISSING 1, EXTRA 0, TYPE 0, VALUE 0, TTL 0
                  values not compared (unsupported type): 1
                Examples:
                  MISSING "k\\xff": source hash, not in target""", tally.toReport().toString());
    }
}
