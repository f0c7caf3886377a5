public import Logging

/// One audit record (SPEC §6): who called what, how it ended. Never holds a secret: keys appear
/// only as their id and display prefix.
public struct AuditEvent: Sendable, Equatable {
    /// `success` (2xx/3xx), `denied` (authenticated but refused or failed), `auth_failed`, or
    /// `delivery_failed` (an OTP answered 200 whose code could not be delivered, SPEC §4).
    public enum Outcome: String, Sendable {
        case success, denied
        case authenticationFailed = "auth_failed"
        case deliveryFailed = "delivery_failed"
    }

    public var time: Int64
    public var requestID: String
    public var tenant: String?
    public var subject: String?
    public var subjectType: String?
    public var credentialType: String?
    public var keyID: String?
    public var keyPrefix: String?
    /// The app the request acted for (`X-App-Id`, or the key's app).
    public var appID: String?
    public var method: String
    public var route: String
    public var outcome: Outcome
    public var status: Int
    public var clientIP: String?
    public var userAgent: String?
    public var legacyMode: Bool

    /// The longest user agent kept.
    static let userAgentLimit = 256

    /// The record's stream fields, in a fixed order.
    public var fields: [(String, String)] {
        [
            ("time", Timestamp.iso8601(milliseconds: time)), ("request_id", requestID), ("tenant", tenant ?? ""),
            ("subject", subject ?? ""), ("subject_type", subjectType ?? ""), ("credential_type", credentialType ?? ""),
            ("key_id", keyID ?? ""), ("key_prefix", keyPrefix ?? ""), ("app_id", appID ?? ""), ("method", method),
            ("route", route),
            ("outcome", outcome.rawValue), ("status", String(status)), ("client_ip", clientIP ?? ""),
            ("user_agent", String((userAgent ?? "").prefix(Self.userAgentLimit))),
            ("legacy_mode", legacyMode ? "true" : "false"),
        ]
    }

    /// An event for a request handled by a route, before anyone is known to have authenticated:
    /// time, request id, method, route, client address, user agent and the requested app. Whoever
    /// decides fills in the subject, the outcome and the status.
    public init(request: APIRequest, context: HandlerContext, credentialType: String? = nil) {
        self.init(
            time: context.now, requestID: context.requestID, tenant: nil, subject: nil, subjectType: nil,
            credentialType: credentialType, keyID: nil, keyPrefix: nil,
            appID: request.headers["x-app-id"]?.trimmingASCIIWhitespace(), method: request.method,
            route: context.route, outcome: .authenticationFailed, status: 401, clientIP: context.clientAddress,
            userAgent: request.headers["user-agent"], legacyMode: false)
    }

    /// Every field.
    public init(
        time: Int64, requestID: String, tenant: String?, subject: String?, subjectType: String?,
        credentialType: String?, keyID: String?, keyPrefix: String?, appID: String?, method: String, route: String,
        outcome: Outcome, status: Int, clientIP: String?, userAgent: String?, legacyMode: Bool
    ) {
        self.time = time
        self.requestID = requestID
        self.tenant = tenant
        self.subject = subject
        self.subjectType = subjectType
        self.credentialType = credentialType
        self.keyID = keyID
        self.keyPrefix = keyPrefix
        self.appID = appID
        self.method = method
        self.route = route
        self.outcome = outcome
        self.status = status
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.legacyMode = legacyMode
    }

    /// The outcome of a finished request.
    public static func outcome(status: Int, authenticated: Bool) -> Outcome {
        guard authenticated else { return .authenticationFailed }
        return status < 400 ? .success : .denied
    }

    /// A record as JSON, from stream fields (for `GET /v1/audit` and the webhook).
    public static func json(id: String, fields: [(String, String)]) -> JSONObject {
        var object: JSONObject = ["id": .string(id)]
        for (name, value) in fields {
            switch name {
            case "status": object[name] = Int64(value).map(JSONValue.integer) ?? .null
            case "legacy_mode": object[name] = .bool(value == "true")
            default: object[name] = value.isEmpty ? .null : .string(value)
            }
        }
        return object
    }
}

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

/// `GET /v1/audit?since=&limit=` (`audit:read`).
public enum AuditRoutes {
    /// The handler of the audit route (served by the `keys` function, as ``RouteCatalog`` says).
    public static let handlers: RouteHandlers = [.listAudit: list]

    static func list(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        guard let items = request.queryItems else { throw GatehouseError.invalidRequest("Malformed query string") }
        var since: String?
        var limit = 100
        for item in items {
            switch item.name {
            case "since":
                guard let id = AuditLog.streamID(since: item.value) else {
                    throw GatehouseError.validation(
                        "since must be a stream id, Unix milliseconds or ISO 8601", field: "since")
                }
                since = id
            case "limit":
                guard let value = Int(item.value), (1...1000).contains(value) else {
                    throw GatehouseError.validation("limit must be from 1 to 1000", field: "limit")
                }
                limit = value
            default: continue
            }
        }
        let entries = try AuditLog.read(tenant: principal.tenantID, since: since, limit: limit, redis: context.redis)
        let data = entries.map { JSONValue.object(AuditEvent.json(id: $0.id, fields: $0.fields)) }
        return .json(200, ["data": .array(data), "next": entries.last.map { .string($0.id) } ?? .null])
    }
}
