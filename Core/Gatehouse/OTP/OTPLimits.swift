internal import Crypto

/// The limits of SPEC §4 for OTP login; the defaults are the contract's numbers.
public struct OTPLimits: Sendable, Equatable {
    /// Seconds a code stays valid.
    public var codeLifetimeSeconds: Int = 600
    /// Wrong attempts that burn a code.
    public var attemptsPerCode: Int = 5
    /// Seconds before another code may be sent to the same number.
    public var resendCooldownSeconds: Int = 60
    /// Codes sent to one number per hour.
    public var sendsPerHour: Int = 5
    /// OTP requests (send and verify together) per client IP per minute.
    public var requestsPerIPPerMinute: Int = 30
    /// Consecutive failed verifications that lock the number's OTP login.
    public var failuresBeforeLock: Int = 100
    /// Seconds the lock lasts.
    public var lockSeconds: Int = 3600

    /// The contract's limits, with a code lifetime.
    public init(codeLifetimeSeconds: Int = 600) {
        self.codeLifetimeSeconds = codeLifetimeSeconds
    }

    /// The per-IP rule.
    public var ipRule: RateLimitRule {
        RateLimitRule(name: "otp-ip", limit: requestsPerIPPerMinute, windowSeconds: 60)
    }
}
