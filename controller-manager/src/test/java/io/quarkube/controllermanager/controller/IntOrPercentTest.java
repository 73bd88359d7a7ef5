package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntOrPercentTest {
    /** Percentages of the total round up or down as asked; integers are taken as they are. */
    @ParameterizedTest
    @CsvSource({"25%,10,true,3", "25%,10,false,2", "100%,3,false,3", "0%,7,true,0", "1%,1,true,1", "1%,1,false,0",
            "50%,0,true,0"})
    void percentagesScaleWithTheTotal(String percent, int total, boolean roundUp, int want) {
        assertEquals(want, IntOrPercent.scaled(new IntOrString(percent), total, roundUp));
    }

    @Test
    void integersAndNullNeedNoTotal() {
        assertEquals(4, IntOrPercent.scaled(new IntOrString(4), 100, false));
        assertEquals(0, IntOrPercent.scaled(null, 100, true));
    }

    @Test
    void aStringThatIsNotAPercentageIsAnErrorUnlessLenient() {
        assertThrows(IllegalArgumentException.class, () -> IntOrPercent.scaled(new IntOrString("3x"), 10, true));
        assertThrows(IllegalArgumentException.class, () -> IntOrPercent.scaled(new IntOrString("3"), 10, true));
        assertEquals(3, IntOrPercent.scaledLeniently(new IntOrString("3"), 10, true));
        assertEquals(0, IntOrPercent.scaledLeniently(new IntOrString("3x"), 10, true));
        assertEquals(0, IntOrPercent.scaledLeniently(new IntOrString("x%"), 10, true));
        assertEquals(5, IntOrPercent.scaledLeniently(new IntOrString("50%"), 10, true));
    }
}
