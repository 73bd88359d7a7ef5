package io.quarkube.kubelet.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The CRI container log format the kubelet reads (what containerd writes): one file line per entry,
 * {@code <RFC3339Nano timestamp> <stdout|stderr> <F|P> <content>}, F ending a line of output, P a piece of a longer
 * one (or the unterminated end of the output). Keeping the timestamp per line is what makes {@code timestamps},
 * {@code sinceTime} and {@code sinceSeconds} possible.
 */
public final class CriLog {
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    /** The kubelet's output format: always nine fractional digits, UTC. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private CriLog() {
    }

    /** One file line for {@code content[off, off+len)} (which holds no newline), newline included. */
    static byte[] encode(Instant at, String stream, boolean partial, byte[] content, int off, int len) {
        byte[] head = (TIMESTAMP.format(at) + ' ' + stream + (partial ? " P " : " F "))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + len + 1];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(content, off, line, head.length, len);
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * Parses the file line {@code buf[start, end)} (without its newline); null when it is not in CRI format
     * (then it is shown as it is).
     */
    static Entry parse(byte[] buf, int start, int end) {
        int s1 = indexOf(buf, start, end, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(buf, s1 + 1, end, (byte) ' ');
        if (s1 <= start || s2 < 0) {
            return null;
        }
        String stream = new String(buf, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        if (!stream.equals(STDOUT) && !stream.equals(STDERR)) {
            return null;
        }
        int s3 = indexOf(buf, s2 + 1, end, (byte) ' ');
        int tagEnd = s3 < 0 ? end : s3;
        if (tagEnd == s2 + 1 || (buf[s2 + 1] != 'F' && buf[s2 + 1] != 'P')) {
            return null;
        }
        return new Entry(start, s1, buf[s2 + 1] == 'P', s3 < 0 ? end : s3 + 1);
    }

    /** The timestamp of a parsed entry; null if it does not parse. */
    static Instant timestamp(byte[] buf, Entry entry) {
        try {
            return OffsetDateTime.parse(new String(buf, entry.start(), entry.timestampEnd() - entry.start(),
                    StandardCharsets.US_ASCII)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int indexOf(byte[] buf, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Offsets into the buffer: the line's start, the end of its timestamp, where its content starts. */
    record Entry(int start, int timestampEnd, boolean partial, int contentStart) {
    }
}
