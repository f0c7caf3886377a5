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
