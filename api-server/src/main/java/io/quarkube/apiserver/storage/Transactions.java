package io.quarkube.apiserver.storage;

import io.quarkube.apiserver.errors.StatusException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs a unit of work in one JDBC transaction; a database outage becomes a 503 Status, never a stack trace. */
@ApplicationScoped
public class Transactions {
    private static final Logger LOG = Logger.getLogger(Transactions.class);

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    public <R> R write(Work<R> work) {
        return run(work, false);
    }

    /** A read-only snapshot: every statement sees the same committed state. */
    public <R> R read(Work<R> work) {
        return run(work, true);
    }

    private <R> R run(Work<R> work, boolean readOnly) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            if (readOnly) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            try {
                R result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                if (readOnly) {
                    c.setReadOnly(false);
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.warnf("database error: %s", e.getMessage());
            throw StatusException.unavailable("the storage backend is unavailable: " + e.getMessage());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it is all that is left
        }
    }
}
