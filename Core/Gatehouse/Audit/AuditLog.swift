public import Logging

/// The capped audit stream of each tenant: append, read, and the key of the stream failed
/// authentications of unknown credentials go to.
public enum AuditLog {
    /// Records kept per tenant (approximately: `XADD MAXLEN ~`).
    public static let capacity = 100_000
    /// The stream for failed authentications whose tenant is unknown.
    public static let unattributedStream = "gh:{_unattributed}:audit"

    /// The stream an event goes to.
    public static func stream(for tenant: String?) -> String {
        tenant.map { TenantKeys($0).audit } ?? unattributedStream
    }

    /// Appends an event; one round trip.
    public static func append(_ event: AuditEvent, redis: RedisClient) throws {
        _ = try redis.command(
            ["XADD", .string(stream(for: event.tenant)), "MAXLEN", "~", RedisArgument(capacity), "*"]
                + scriptArguments(event))
    }

    /// Appends an event, logging (not throwing) a failure: for records written after the answer,
    /// when nobody is left to tell.
    public static func append(_ event: AuditEvent, redis: RedisClient, logger: Logger) {
        do {
            try append(event, redis: redis)
        } catch {
            logger.error("audit append failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// An event's fields as alternating names and values, the form a script that appends the
    /// record itself (``luaFunction``) receives them in.
    public static func scriptArguments(_ event: AuditEvent) -> [RedisArgument] {
        event.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] }
    }

    /// Lua: `gatehouse_audit(stream, fields, first, overrides)` appends a record from the
    /// name/value pairs `fields[first…]`, replacing the values named in `overrides`, to a capped
    /// stream; for scripts whose decision must not exist without its record (SPEC §6).
    static let luaFunction = """

        local function gatehouse_audit(stream, fields, first, overrides)
          local record = {'XADD', stream, 'MAXLEN', '~', '\(capacity)', '*'}
          for i = first, #fields - 1, 2 do
            local name = fields[i]
            record[#record + 1] = name
            local value = overrides[name]
            if value == nil then value = fields[i + 1] end
            record[#record + 1] = value
          end
          redis.call(unpack(record))
        end

        """

    /// Records after `since` (a stream id, exclusive), oldest first, at most `limit`.
    public static func read(
        tenant: String, since: String?, limit: Int, redis: RedisClient
    ) throws -> [(id: String, fields: [(String, String)])] {
        let start = since.map { "(" + $0 } ?? "-"
        let reply = try redis.command([
            "XRANGE", .string(stream(for: tenant)), .string(start), "+", "COUNT", RedisArgument(limit),
        ])
        return entries(reply)
    }

    /// Records newest first from `end` down to `start` (stream-range bounds: `+`, `-`, an id, or
    /// `(`id exclusive), at most `limit`.
    public static func readNewest(
        tenant: String, end: String, start: String, limit: Int, redis: RedisClient
    ) throws -> [(id: String, fields: [(String, String)])] {
        let reply = try redis.command([
            "XREVRANGE", .string(stream(for: tenant)), .string(end), .string(start), "COUNT", RedisArgument(limit),
        ])
        return entries(reply)
    }

    /// The entries of an `XRANGE`/`XREADGROUP` entry list.
    static func entries(_ reply: RedisReply) -> [(id: String, fields: [(String, String)])] {
        (reply.arrayValue ?? []).compactMap { entry in
            guard let parts = entry.arrayValue, parts.count == 2, let id = parts[0].stringValue else { return nil }
            let values = parts[1].arrayValue ?? []
            var fields: [(String, String)] = []
            var index = 0
            while index + 1 < values.count {
                if let name = values[index].stringValue, let value = values[index + 1].stringValue {
                    fields.append((name, value))
                }
                index += 2
            }
            return (id, fields)
        }
    }

    /// Turns `since` into an exclusive stream id: a stream id as given, or Unix milliseconds, or an
    /// ISO 8601 time. Nil for anything else.
    public static func streamID(since text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, let ms = UInt64(parts[0]), let sequence = UInt64(parts[1]) { return "\(ms)-\(sequence)" }
        if let ms = UInt64(text) { return "\(ms == 0 ? 0 : ms - 1)-18446744073709551615" }
        if let ms = Timestamp.parseISO8601(text), ms > 0 { return "\(ms - 1)-18446744073709551615" }
        return nil
    }
}
