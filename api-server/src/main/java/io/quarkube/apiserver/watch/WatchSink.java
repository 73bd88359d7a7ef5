package io.quarkube.apiserver.watch;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * Where a watch's events go: a chunked HTTP response (one JSON line per event), or a WebSocket (one text frame
 * per event) for clients that upgrade, as fabric8 does first.
 */
interface WatchSink {
    void write(Buffer line);

    boolean isClosed();

    void end();

    void onClose(Runnable action);

    static WatchSink of(HttpServerResponse response) {
        return new WatchSink() {
            @Override
            public void write(Buffer line) {
                response.write(line);
            }

            @Override
            public boolean isClosed() {
                return response.ended() || response.closed();
            }

            @Override
            public void end() {
                if (!isClosed()) {
                    response.end();
                }
            }

            @Override
            public void onClose(Runnable action) {
                response.closeHandler(v -> action.run());
            }
        };
    }

    static WatchSink of(ServerWebSocket socket) {
        return new WatchSink() {
            @Override
            public void write(Buffer line) {
                socket.writeTextMessage(line.toString().stripTrailing());
            }

            @Override
            public boolean isClosed() {
                return socket.isClosed();
            }

            @Override
            public void end() {
                if (!socket.isClosed()) {
                    socket.close();
                }
            }

            @Override
            public void onClose(Runnable action) {
                socket.closeHandler(v -> action.run());
            }
        };
    }
}
