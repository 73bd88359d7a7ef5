package io.quarkube.kubelet.runtime;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The stdout of a simulated container: one explanatory line, then nothing until the container ends (so that
 * {@code kubectl logs -f} keeps following it, as it would a silent process), then end of stream.
 */
final class NoteStream extends InputStream {
    private final byte[] note;
    private final CompletableFuture<?> end;
    private int position;

    NoteStream(String line, CompletableFuture<?> end) {
        this.note = (line + "\n").getBytes(StandardCharsets.UTF_8);
        this.end = end;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position < note.length) {
            int n = Math.min(len, note.length - position);
            System.arraycopy(note, position, b, off, n);
            position += n;
            return n;
        }
        end.handle((v, e) -> null).join();
        return -1;
    }
}
