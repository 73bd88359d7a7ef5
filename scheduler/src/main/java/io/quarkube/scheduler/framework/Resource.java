package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** The resources the scheduler accounts: cpu in millicores, memory and ephemeral-storage in bytes. */
public record Resource(long milliCpu, long memory, long ephemeralStorage) {
    public static final Resource ZERO = new Resource(0, 0, 0);

    public Resource(long milliCpu, long memory) {
        this(milliCpu, memory, 0);
    }

    /** Reads cpu and memory of a resource list (requests, allocatable, overhead); absent means 0. */
    public static Resource of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        return new Resource(milliCpu(list.get("cpu")), bytes(list.get("memory")),
                bytes(list.get("ephemeral-storage")));
    }

    /** Millicores, rounded up as Kubernetes' MilliValue does ("0.0001" is 1m). */
    public static long milliCpu(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(1000))
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public static long bytes(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** A plain count such as allocatable "pods". */
    public static long count(Quantity quantity) {
        return bytes(quantity);
    }

    public Resource plus(Resource other) {
        return new Resource(milliCpu + other.milliCpu, memory + other.memory,
                ephemeralStorage + other.ephemeralStorage);
    }

    public Resource minus(Resource other) {
        return new Resource(milliCpu - other.milliCpu, memory - other.memory,
                ephemeralStorage - other.ephemeralStorage);
    }

    public Resource max(Resource other) {
        return new Resource(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
                Math.max(ephemeralStorage, other.ephemeralStorage));
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0;
    }
}
