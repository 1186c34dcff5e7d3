-- The history of the monitored series (io.cengjiyun.monitoring): raw samples (resolution 0), 1-minute (1) and
-- 1-hour (2) averages and maxima. Kept by the sampler: each resolution is rolled up from the one below and pruned.
CREATE TABLE metric_points (
    resolution SMALLINT NOT NULL,
    scope VARCHAR(8) NOT NULL,
    target VARCHAR(300) NOT NULL,
    sampled_at BIGINT NOT NULL,
    samples INTEGER NOT NULL,
    cpu DOUBLE,
    cpu_max DOUBLE,
    memory DOUBLE,
    memory_max DOUBLE,
    restarts DOUBLE,
    restarts_max DOUBLE,
    rx DOUBLE,
    rx_max DOUBLE,
    tx DOUBLE,
    tx_max DOUBLE,
    ephemeral DOUBLE,
    ephemeral_max DOUBLE,
    pods DOUBLE,
    pods_max DOUBLE,
    cpu_capacity DOUBLE,
    cpu_capacity_max DOUBLE,
    memory_capacity DOUBLE,
    memory_capacity_max DOUBLE,
    PRIMARY KEY (scope, target, resolution, sampled_at)
);

CREATE INDEX metric_points_age ON metric_points (resolution, sampled_at);

-- How far each down-sampled resolution has been rolled up: the end of its last complete bucket (epoch ms).
CREATE TABLE metric_rollups (
    resolution SMALLINT NOT NULL PRIMARY KEY,
    done_until BIGINT NOT NULL
);
