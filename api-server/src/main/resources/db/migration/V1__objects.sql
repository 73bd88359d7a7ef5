-- One row per live object, like kine's single table but without history: the history a watcher needs lives
-- in Kafka. resource_version comes from the one-row `revision` table, bumped inside every write transaction:
-- its row lock orders commits, so revisions are committed in increasing order with no gaps (no sequence-gap
-- trap for readers of the outbox).
create table revision (
    id      smallint primary key default 1 check (id = 1),
    current bigint   not null
);
insert into revision (id, current) values (1, 1);

create table objects (
    resource         text        not null, -- plural.group, e.g. pods, replicasets.apps
    namespace        text        not null, -- '' for cluster-scoped kinds
    name             text        not null,
    uid              uuid        not null,
    resource_version bigint      not null,
    labels           jsonb       not null default '{}',
    node_name        text,                 -- pods only: spec.nodeName
    phase            text,                 -- pods only: status.phase
    data             jsonb       not null,
    primary key (resource, namespace, name)
);
create index objects_node_name on objects (node_name) where node_name is not null;

-- Transactional outbox: written in the same transaction as the object, published to Kafka by the relay,
-- deleted once the broker acknowledged it. value is null for the tombstone that follows a delete.
create table outbox (
    id               bigserial primary key,
    resource_version bigint not null,
    topic            text   not null,
    record_key       text   not null,
    event_type       text   not null,
    value            bytea
);
