extension RedisConfiguration {
    /// Whether writes that must survive a failover wait for a replica (`GATEHOUSE_REDIS_DURABLE_WRITES`).
    ///
    /// Redis replicates asynchronously: a write the primary acknowledged can vanish with it. With
    /// ``replica``, the writes run inside ``RedisClient/durably(_:)`` (revocations, logout, a
    /// rotation's end of grace: see `DurableRoutes`) are followed by `WAIT 1 <timeout>` in the same
    /// round trip, and fail as unavailable (`NOREPLICAS`, 503) when no replica confirms them in time.
    public enum DurableWrites: String, Sendable, Equatable, CaseIterable {
        /// Acknowledged by the primary alone: the default, and the only choice for a Redis without
        /// replicas (every durable write would otherwise fail).
        case none
        /// Acknowledged by the primary and at least one replica.
        case replica
    }

    /// The `WAIT` timeout: half the command timeout (at least 1 ms), so that the socket read that
    /// waits for `WAIT`'s reply cannot time out first.
    var replicaWaitMilliseconds: Int64 {
        let (seconds, attoseconds) = commandTimeout.components
        return max(1, (seconds * 1000 + attoseconds / 1_000_000_000_000_000) / 2)
    }
}
