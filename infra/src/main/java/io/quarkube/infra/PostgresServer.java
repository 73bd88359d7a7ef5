package io.quarkube.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL 17 (zonky binaries) whose data directory survives restarts. The postmaster is detached
 * (pg_ctl makes it a session leader under PID 1), so a JVM killed with -9 leaves it running: {@link #start}
 * stops such an orphan first.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String USER = "postgres";

    private final EmbeddedPostgres pg;
    private final Path dataDir;
    private final int port;

    private PostgresServer(EmbeddedPostgres pg, Path dataDir, int port) {
        this.pg = pg;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts with the server log next to the data dir ({@code <dataDir>.log}). */
    public static PostgresServer start(Path dataDir, int port, boolean durable) {
        dataDir = dataDir.toAbsolutePath();
        return start(dataDir, port, durable, dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    }

    /**
     * @param durable fsync, synchronous_commit and full_page_writes on (zonky turns them off for speed): an
     *                acknowledged commit then survives a crash of the machine
     */
    public static PostgresServer start(Path dataDir, int port, boolean durable, Path logFile) {
        dataDir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            stopOrphan(dataDir);
            var builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false) // our owners stop it, in order (services first)
                    .setPGStartupWait(Duration.ofSeconds(60)) // crash recovery after a kill can take a while
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (durable) {
                // zonky passes -F (fsync off) and synchronous_commit=off; -c options given later win.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            return new PostgresServer(builder.start(), dataDir, port);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StartupException se) {
                throw se;
            }
            throw new StartupException("PostgreSQL did not start on port " + port + " (" + e
                    + "): see " + logFile, Processes.tail(logFile, 20), e);
        }
    }

    /**
     * Stops a postmaster left running on this data dir by a JVM that died (fast shutdown, SIGKILL after 10 s).
     * Returns true if there was one.
     */
    public static boolean stopOrphan(Path dataDir) {
        OptionalLong pid = Processes.readPidFile(dataDir.resolve("postmaster.pid"));
        if (pid.isEmpty() || !Processes.alive(pid.getAsLong())) {
            return false;
        }
        String cmdline = Processes.commandLine(pid.getAsLong()).orElse("postgres");
        if (!cmdline.contains("postgres")) {
            return false; // a stale pid file whose number now belongs to something else
        }
        LOG.info("stopping an orphaned PostgreSQL (pid {}) left running on {}", pid.getAsLong(), dataDir);
        Processes.stop(pid.getAsLong(), "INT", Duration.ofSeconds(10)); // SIGINT = pg_ctl stop -m fast
        return true;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String username() {
        return USER;
    }

    /** The server trusts local connections; a password is given because some clients insist on one. */
    public String password() {
        return USER;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The postmaster's PID from postmaster.pid, or -1 if it is not running. */
    public long postmasterPid() {
        return Processes.readPidFile(dataDir.resolve("postmaster.pid")).orElse(-1);
    }

    /** Fast shutdown (pg_ctl stop -m fast); if that fails, SIGINT/SIGKILL the postmaster. */
    public void stop() {
        long pid = postmasterPid();
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pg_ctl stop failed ({}), signalling the postmaster", e.toString());
        }
        if (pid > 0) {
            Processes.stop(pid, "INT", Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
