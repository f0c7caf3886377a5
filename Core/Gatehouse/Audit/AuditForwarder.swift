/// Drains a tenant's audit stream to a webhook, at least once, through a Redis consumer group:
/// new entries are read with `XREADGROUP`, acknowledged (`XACK`) only after the webhook answered
/// 2xx, and entries a crashed or failed consumer left pending are taken over with `XAUTOCLAIM`.
///
/// Delivery itself is injected (the CLI posts with libcurl), so this file links no HTTP client.
public struct AuditForwarder {
    /// Sends one signed message; returns whether the receiver accepted it (2xx).
    public typealias Deliver = (_ body: [UInt8], _ headers: [(String, String)]) -> Bool

    public let redis: RedisClient
    public let tenant: String
    public let group: String
    public let consumer: String
    public let signer: StandardWebhooks
    /// Pending entries idle this long are claimed again (retried).
    public let retryAfterMilliseconds: Int64

    public init(
        redis: RedisClient, tenant: String, signer: StandardWebhooks, group: String = "webhook",
        consumer: String = "forwarder", retryAfterMilliseconds: Int64 = 30_000
    ) {
        self.redis = redis
        self.tenant = tenant
        self.group = group
        self.consumer = consumer
        self.signer = signer
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    /// Creates the consumer group (from the start of the stream) if it does not exist.
    public func ensureGroup() throws {
        let reply = try redis.pipeline([
            ["XGROUP", "CREATE", .string(AuditLog.stream(for: tenant)), .string(group), "0", "MKSTREAM"]
        ])[0]
        if let message = reply.errorMessage, !message.hasPrefix("BUSYGROUP") { throw RedisError.server(message) }
    }

    /// One pass: retries stale pending entries, then reads up to `count` new ones and forwards
    /// each. Returns (delivered, failed).
    @discardableResult
    public func forwardOnce(count: Int = 100, blockMilliseconds: Int? = nil, deliver: Deliver) throws -> (Int, Int) {
        let stream = AuditLog.stream(for: tenant)
        let claimed = try redis.command([
            "XAUTOCLAIM", .string(stream), .string(group), .string(consumer), .integer(retryAfterMilliseconds), "0",
            "COUNT", RedisArgument(count),
        ])
        var entries = AuditLog.entries(claimed.arrayValue?.dropFirst().first ?? .null)
        var read: [RedisArgument] = [
            "XREADGROUP", "GROUP", .string(group), .string(consumer), "COUNT", RedisArgument(count),
        ]
        if let blockMilliseconds { read += ["BLOCK", RedisArgument(blockMilliseconds)] }
        let fresh = try redis.command(read + ["STREAMS", .string(stream), ">"])
        for streamReply in fresh.arrayValue ?? [] {
            if let parts = streamReply.arrayValue, parts.count == 2 { entries += AuditLog.entries(parts[1]) }
        }
        var delivered = 0
        var failed = 0
        for entry in entries {
            let body = JSONValue.object([
                "type": "audit.event", "tenant": .string(tenant),
                "data": .object(AuditEvent.json(id: entry.id, fields: entry.fields)),
            ]).serialized()
            let headers =
                signer.headers(
                    id: "msg_" + tenant + "_" + entry.id, timestamp: SystemAccess.currentTimeMilliseconds() / 1000,
                    body: body)
                + [("Content-Type", "application/json")]
            if deliver(body, headers) {
                _ = try redis.command(["XACK", .string(stream), .string(group), .string(entry.id)])
                delivered += 1
            } else {
                failed += 1
            }
        }
        return (delivered, failed)
    }
}
