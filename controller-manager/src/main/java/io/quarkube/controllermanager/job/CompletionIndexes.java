package io.quarkube.controllermanager.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of completion indexes as ordered, non-adjacent intervals, written in the compressed form of
 * status.completedIndexes ("1,3-5,7"), as Kubernetes' orderedIntervals (indexed_job_utils.go). Immutable.
 */
final class CompletionIndexes {
    record Interval(int first, int last) {
    }

    static final CompletionIndexes EMPTY = new CompletionIndexes(List.of());

    private final List<Interval> intervals;

    private CompletionIndexes(List<Interval> intervals) {
        this.intervals = List.copyOf(intervals);
    }

    /** Parses "1,3-5"; intervals at or beyond {@code completions} are dropped or cut, bad parts ignored. */
    static CompletionIndexes parse(String text, int completions) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<Interval> result = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] limits = part.split("-");
            int first;
            int last;
            try {
                first = Integer.parseInt(limits[0].trim());
                if (first >= completions) {
                    break;
                }
                last = limits.length > 1 ? Math.min(Integer.parseInt(limits[1].trim()), completions - 1) : first;
            } catch (NumberFormatException e) {
                continue;
            }
            if (!result.isEmpty() && result.get(result.size() - 1).last() == first - 1) {
                Interval previous = result.remove(result.size() - 1);
                result.add(new Interval(previous.first(), last));
            } else {
                result.add(new Interval(first, last));
            }
        }
        return new CompletionIndexes(result);
    }

    static CompletionIndexes of(Collection<Integer> indexes) {
        return EMPTY.with(indexes);
    }

    /** This set plus the given indexes (in any order). */
    CompletionIndexes with(Collection<Integer> indexes) {
        List<Interval> added = new TreeSet<>(indexes).stream().map(i -> new Interval(i, i)).toList();
        return merge(added);
    }

    CompletionIndexes merge(CompletionIndexes other) {
        return merge(other.intervals);
    }

    private CompletionIndexes merge(List<Interval> other) {
        List<Interval> result = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < intervals.size() || j < other.size()) {
            Interval next;
            if (j >= other.size() || (i < intervals.size() && intervals.get(i).first() < other.get(j).first())) {
                next = intervals.get(i++);
            } else {
                next = other.get(j++);
            }
            Interval last = result.isEmpty() ? null : result.get(result.size() - 1);
            if (last == null || next.first() > last.last() + 1) {
                result.add(next);
            } else if (last.last() < next.last()) {
                result.set(result.size() - 1, new Interval(last.first(), next.last()));
            }
        }
        return new CompletionIndexes(result);
    }

    boolean has(int index) {
        for (Interval interval : intervals) {
            if (index >= interval.first() && index <= interval.last()) {
                return true;
            }
        }
        return false;
    }

    int total() {
        return intervals.stream().mapToInt(iv -> iv.last() - iv.first() + 1).sum();
    }

    /** The first {@code count} indexes below {@code completions} that are not in this set. */
    List<Integer> firstMissing(int count, int completions) {
        List<Integer> result = new ArrayList<>();
        int candidate = 0;
        for (Interval interval : intervals) {
            for (; candidate < completions && result.size() < count && candidate < interval.first(); candidate++) {
                result.add(candidate);
            }
            candidate = Math.max(candidate, interval.last() + 1);
        }
        for (; candidate < completions && result.size() < count; candidate++) {
            result.add(candidate);
        }
        return result;
    }

    /** "1,3-5": a pair of adjacent indexes is written "3,4", as Kubernetes does. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Interval iv : intervals) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(iv.first());
            if (iv.last() > iv.first()) {
                b.append(iv.last() == iv.first() + 1 ? ',' : '-').append(iv.last());
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompletionIndexes other && other.intervals.equals(intervals);
    }

    @Override
    public int hashCode() {
        return intervals.hashCode();
    }
}
