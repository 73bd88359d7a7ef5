package io.quarkube.apiserver.storage;

/**
 * The three writes of the store, each ONE SQL statement run in autocommit: bump the revision, store the row and
 * append its outbox record(s), then PostgreSQL commits before answering. The revision row's lock, which orders
 * all commits, is therefore held only while PostgreSQL executes and flushes the commit, never across a round
 * trip to the api-server (with a transaction per write it was held over five of them, which capped writes at
 * about 1/(5 round trips) — under 100 per second on a busy 2-core machine).
 *
 * <p>The object's JSON is serialized once by the api-server with a placeholder for its resourceVersion (which
 * only the statement knows); PostgreSQL puts the revision in its place, and the very same text goes to the row
 * (as jsonb) and, as UTF-8 bytes, to the outbox and from there to Kafka. A write that finds the row changed since
 * it was read (optimistic concurrency, as etcd's compare-and-swap) stores nothing and returns no row; the store
 * then reads again and retries. Such a write, or a create whose name is taken, still used up a revision: a gap in
 * resourceVersions, which nothing relies on being contiguous (Kubernetes' are not either).
 */
final class WriteStatements {
    private WriteStatements() {
    }

    private static final String REVISION_AND_DOC = """
            with rev as (update revision set current = current + 1 where id = 1 returning current),
            doc as (select current as rv, replace(?, ?, current::text) as json from rev)
            """;

    /**
     * Parameters: json, placeholder, resource, namespace, name, uid, labels, node_name, phase, topic, key.
     * Returns the new resourceVersion, or no row when the name is taken.
     */
    static final String CREATE = REVISION_AND_DOC + """
            , obj as (insert into objects (resource, namespace, name, uid, resource_version, labels, node_name, phase,
                                           data)
                      select ?, ?, ?, ?, doc.rv, ?::jsonb, ?, ?, doc.json::jsonb from doc
                      on conflict do nothing
                      returning resource_version)
            insert into outbox (resource_version, topic, record_key, event_type, value)
            select doc.rv, ?, ?, 'ADDED', convert_to(doc.json, 'UTF8') from doc, obj
            returning resource_version""";

    /**
     * Parameters: json, placeholder, labels, node_name, phase, resource, namespace, name, expected
     * resource_version, topic, key. Returns the new resourceVersion, or no row when the row changed or went.
     */
    static final String UPDATE = REVISION_AND_DOC + """
            , obj as (update objects set resource_version = doc.rv, labels = ?::jsonb, node_name = ?, phase = ?,
                                         data = doc.json::jsonb
                      from doc
                      where resource = ? and namespace = ? and name = ? and resource_version = ?
                      returning doc.rv, doc.json)
            insert into outbox (resource_version, topic, record_key, event_type, value)
            select rv, ?, ?, 'MODIFIED', convert_to(json, 'UTF8') from obj
            returning resource_version""";

    /**
     * Removes a row whose deletion is finished: a DELETED record with its last state, then a tombstone (in that
     * order: the outbox id, which the relay follows, is assigned in the order of the sorted select). Parameters:
     * json, placeholder, resource, namespace, name, expected resource_version, topic, key. Returns two rows, or
     * none when the row changed or went.
     */
    static final String DELETE = REVISION_AND_DOC + """
            , gone as (delete from objects
                       where resource = ? and namespace = ? and name = ? and resource_version = ?
                       returning 1)
            insert into outbox (resource_version, topic, record_key, event_type, value)
            select doc.rv, ?, ?, e.event_type, case when e.ord = 1 then convert_to(doc.json, 'UTF8') end
            from doc, gone, (values (1, 'DELETED'), (2, 'TOMBSTONE')) as e (ord, event_type)
            order by e.ord
            returning resource_version""";
}
