-- The history of the monitored series (io.cengjiyun.monitoring): raw samples (resolution 0), 1-minute (1) and
-- 1-hour (2) averages and maxima. Kept by the sampler: each resolution is rolled up from the one below and pruned.
CREATE TABLE metric_points (
    resolution SMALLINT NOT NULL,
    scope VARCHAR(8) NOT NULL,
    target VARCHAR(300) NOT NULL,
    sampled_at BIGINT NOT NULL,
    samples INTEGER NOT NULL,
    cpu DOUBLE PRECISION,
    cpu_max DOUBLE PRECISION,
    memory DOUBLE PRECISION,
    memory_max DOUBLE PRECISION,
    restarts DOUBLE PRECISION,
    restarts_max DOUBLE PRECISION,
    rx DOUBLE PRECISION,
    rx_max DOUBLE PRECISION,
    tx DOUBLE PRECISION,
    tx_max DOUBLE PRECISION,
    ephemeral DOUBLE PRECISION,
    ephemeral_max DOUBLE PRECISION,
    pods DOUBLE PRECISION,
    pods_max DOUBLE PRECISION,
    cpu_capacity DOUBLE PRECISION,
    cpu_capacity_max DOUBLE PRECISION,
    memory_capacity DOUBLE PRECISION,
    memory_capacity_max DOUBLE PRECISION,
    PRIMARY KEY (scope, target, resolution, sampled_at)
);

CREATE INDEX metric_points_age ON metric_points (resolution, sampled_at);

-- How far each down-sampled resolution has been rolled up: the end of its last complete bucket (epoch ms).
CREATE TABLE metric_rollups (
    resolution SMALLINT NOT NULL PRIMARY KEY,
    done_until BIGINT NOT NULL
);
