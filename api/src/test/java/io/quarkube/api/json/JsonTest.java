package io.quarkube.api.json;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void leaseMicroTimesAreWrittenWithSixFractionalDigitsInUtcAndReadFromAnyRfc3339Time() {
        Lease lease = new LeaseBuilder().withNewMetadata().withName("n").endMetadata().withNewSpec()
                .withRenewTime(ZonedDateTime.of(2030, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHours(2)))
                .endSpec().build();

        String json = Json.writeString(lease);

        assertTrue(json.contains("\"renewTime\":\"2030-01-02T01:04:05.120000Z\""), json);
        Lease read = Json.read("{\"spec\":{\"renewTime\":\"2030-01-02T01:04:05Z\",\"acquireTime\":\"2030-01-02T01:04:05.5+01:00\"}}"
                .getBytes(StandardCharsets.UTF_8), Lease.class);
        assertEquals(ZonedDateTime.of(2030, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC).toInstant(),
                read.getSpec().getRenewTime().toInstant());
        assertEquals(ZonedDateTime.of(2030, 1, 2, 0, 4, 5, 500_000_000, ZoneOffset.UTC).toInstant(),
                read.getSpec().getAcquireTime().toInstant());
        assertEquals(lease.getSpec().getRenewTime().toInstant(),
                Json.copy(lease, Lease.class).getSpec().getRenewTime().toInstant());
        assertThrows(RuntimeException.class, () -> Json.read("{\"spec\":{\"renewTime\":\"yesterday\"}}"
                .getBytes(StandardCharsets.UTF_8), Lease.class));
    }
}
