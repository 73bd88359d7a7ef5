package io.quarkube.apiserver.storage;

import io.quarkube.apiserver.errors.StatusException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs the store's SQL on a pooled connection; a database outage becomes a 503 Status, never a stack trace. Every
 * read and write of the store is one statement (see {@link WriteStatements}), so each is its own transaction.
 */
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

    /**
     * Work of one SQL statement, in autocommit: the statement is its own transaction, committed by PostgreSQL
     * before it answers, with no BEGIN/COMMIT round trips (and no locks held while the client thinks). A
     * statement sees one snapshot, so a read of several tables in one statement is consistent.
     */
    public <R> R statement(Work<R> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            LOG.warnf("database error: %s", e.getMessage());
            throw StatusException.unavailable("the storage backend is unavailable: " + e.getMessage());
        }
    }
}
