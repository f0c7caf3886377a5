/// The pure answers of the OTP routes: what each store outcome means to the caller.
public enum OTPPolicy {
    /// The one message for every failed verification, so that a wrong, expired, spent or missing
    /// code cannot be told apart.
    public static let failedMessage = "Invalid or expired code"

    /// The refusal for a send outcome, or nil when the answer is the common 200 (a stored code
    /// and an unknown number answer alike).
    public static func refusal(for result: OTPSendResult) -> GatehouseError? {
        switch result {
        case .locked(let milliseconds): locked(milliseconds)
        case .cooldown(let milliseconds), .hourlyLimit(let milliseconds):
            .rateLimited(retryAfter: seconds(milliseconds))
        case .unknownPhone, .stored: nil
        }
    }

    /// The refusal for a verify outcome, or nil when the code was right.
    public static func refusal(for result: OTPVerifyResult) -> GatehouseError? {
        switch result {
        case .locked(let milliseconds): locked(milliseconds)
        case .failed: .authentication(failedMessage)
        case .verified: nil
        }
    }

    /// The body of every successful send.
    public static func sentBody(_ limits: OTPLimits) -> JSONValue {
        [
            "status": "sent", "expires_in": .integer(Int64(limits.codeLifetimeSeconds)),
            "resend_after": .integer(Int64(limits.resendCooldownSeconds)),
        ]
    }

    /// Whole seconds, rounded up, at least 1.
    static func seconds(_ milliseconds: Int64) -> Int { Int(max(1, (milliseconds + 999) / 1000)) }

    static func locked(_ milliseconds: Int64) -> GatehouseError {
        let retry = seconds(milliseconds)
        return GatehouseError(
            status: 429, code: "rate_limited",
            message: "Too many failed attempts; OTP sign-in is locked for this number",
            details: ["reason": "locked", "retry_after": .integer(Int64(retry))],
            headers: ["Retry-After": String(retry)],
            oauthCode: "slow_down")
    }

    /// The per-IP counter of the OTP routes, under its own hash tag.
    static func ipKey(_ address: String?) -> String { "gh:{ip:\(address ?? "unknown")}:rl:otp" }
}
