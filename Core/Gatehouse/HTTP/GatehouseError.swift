/// Every failure a Gatehouse route answers with: status, machine-readable code, human message and
/// optional details. The message and details never hold a secret; the envelope of SPEC §6 is
/// rendered from this in one place, ``ErrorEnvelope``.
public struct GatehouseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public let status: Int
    /// The error code of the envelope (`authentication_error`, `rate_limited`, …).
    public let code: String
    /// A short human-readable message with no secret in it.
    public let message: String
    /// Structured details, if any.
    public let details: JSONObject?
    /// Headers the response must carry (`Retry-After`, `Allow`, `RateLimit-*`).
    public let headers: HeaderFields
    /// The RFC 6749 error code to use when the route answers in OAuth form.
    public let oauthCode: String?

    /// An error; prefer the named factories.
    public init(
        status: Int, code: String, message: String, details: JSONObject? = nil, headers: HeaderFields = [:],
        oauthCode: String? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
        self.oauthCode = oauthCode
    }

    public var description: String { "\(status) \(code): \(message)" }

    public static func == (lhs: GatehouseError, rhs: GatehouseError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && lhs.details == rhs.details
    }
}

// MARK: - The codes of SPEC §6

extension GatehouseError {
    /// 400 `invalid_request`.
    public static func invalidRequest(_ message: String, details: JSONObject? = nil) -> GatehouseError {
        GatehouseError(
            status: 400, code: "invalid_request", message: message, details: details,
            oauthCode: "invalid_request")
    }

    /// 401 `authentication_error`; the default message is the one SPEC §6 gives for key failures.
    public static func authentication(_ message: String = "Invalid or missing API key") -> GatehouseError {
        GatehouseError(status: 401, code: "authentication_error", message: message, oauthCode: "invalid_grant")
    }

    /// 403 `forbidden` with a reason in the details.
    public static func forbidden(_ message: String, reason: String, details: JSONObject = [:]) -> GatehouseError {
        var details = details
        details["reason"] = .string(reason)
        return GatehouseError(
            status: 403, code: "forbidden", message: message, details: details,
            oauthCode: "invalid_grant")
    }

    /// 403 `forbidden` because a scope is missing, naming it in `details.missing_scope`.
    public static func missingScope(_ scope: String) -> GatehouseError {
        GatehouseError(
            status: 403, code: "forbidden", message: "The credential lacks a required scope",
            details: ["missing_scope": .string(scope)], oauthCode: "invalid_scope")
    }

    /// 403 `app_mismatch`.
    public static let appMismatch = GatehouseError(
        status: 403, code: "app_mismatch", message: "The key is bound to another app", oauthCode: "invalid_target")

    /// 403 `app_mismatch`, `details.reason = "unknown_app"`: `X-App-Id` names no app of the tenant.
    public static let unknownApp = GatehouseError(
        status: 403, code: "app_mismatch", message: "X-App-Id names no app of this tenant",
        details: ["reason": "unknown_app"], oauthCode: "invalid_target")

    /// 404 `not_found`.
    public static func notFound(_ message: String = "Not found") -> GatehouseError {
        GatehouseError(status: 404, code: "not_found", message: message)
    }

    /// 405 `method_not_allowed` with the `Allow` header.
    public static func methodNotAllowed(allowed: [String]) -> GatehouseError {
        GatehouseError(
            status: 405, code: "method_not_allowed", message: "Method not allowed on this route",
            headers: ["Allow": allowed.joined(separator: ", ")])
    }

    /// 409 `conflict`.
    public static func conflict(_ message: String, code: String = "conflict") -> GatehouseError {
        GatehouseError(status: 409, code: code, message: message)
    }

    /// 413 `payload_too_large`.
    public static func payloadTooLarge(limit: Int) -> GatehouseError {
        GatehouseError(
            status: 413, code: "payload_too_large", message: "Request body exceeds \(limit) bytes",
            details: ["limit_bytes": .integer(Int64(limit))])
    }

    /// 415 `unsupported_media_type`.
    public static func unsupportedMediaType(expected: String) -> GatehouseError {
        GatehouseError(
            status: 415, code: "unsupported_media_type", message: "Content-Type must be \(expected)",
            details: ["expected": .string(expected)], oauthCode: "invalid_request")
    }

    /// 422 `validation_error` naming the field.
    public static func validation(_ message: String, field: String) -> GatehouseError {
        GatehouseError(
            status: 422, code: "validation_error", message: message,
            details: ["field": .string(field)], oauthCode: "invalid_request")
    }

    /// 429 `rate_limited` with `Retry-After`.
    public static func rateLimited(retryAfter: Int, headers: HeaderFields = [:]) -> GatehouseError {
        var headers = headers
        headers.set("Retry-After", String(max(1, retryAfter)))
        return GatehouseError(
            status: 429, code: "rate_limited", message: "Rate limit exceeded",
            details: ["retry_after": .integer(Int64(max(1, retryAfter)))], headers: headers,
            oauthCode: "slow_down")
    }

    /// The same refusal as a failed OAuth client authentication: 401 `invalid_client`.
    public var clientAuthenticationFailure: GatehouseError {
        GatehouseError(
            status: 401, code: code, message: message, details: details, headers: headers, oauthCode: "invalid_client")
    }

    /// 503 `unavailable` with `Retry-After` (store unreachable, maintenance).
    public static func unavailable(
        _ message: String = "Service temporarily unavailable", retryAfter: Int = 5
    )
        -> GatehouseError
    {
        GatehouseError(
            status: 503, code: "unavailable", message: message, headers: ["Retry-After": String(retryAfter)],
            oauthCode: "temporarily_unavailable")
    }

    /// 500 `internal_error`; never carries internals.
    public static let `internal` = GatehouseError(
        status: 500, code: "internal_error", message: "Internal error", oauthCode: "server_error")
}
