internal import Crypto

/// One-time codes: 6 random decimal digits, stored only as a keyed HMAC.
public enum OTPCode {
    /// Digits in a code.
    public static let length = 6

    /// A new code, uniformly random over 000000…999999 (rejection sampling, no modulo bias).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bound: UInt32 = 1_000_000
        let limit = UInt32.max - UInt32.max % bound
        var value: UInt32
        repeat { value = generator.next() } while value >= limit
        let text = String(value % bound)
        return String(repeating: "0", count: length - text.count) + text
    }

    /// Whether a presented code has the shape of a code (exactly 6 ASCII digits); checked before
    /// any store access so that junk never costs an attempt.
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == length && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// The stored form of a code for a phone: lower-case hex HMAC-SHA256 under a key derived from
    /// the server secret, over `phone` and the code. Binding the phone means a code is worthless
    /// for any other number, and without the server secret nobody can test guesses offline.
    public static func digest(code: String, phone: String, serverSecret: [UInt8]) -> String {
        let key = SymmetricKey(
            data: HMAC<SHA256>.authenticationCode(
                for: Array("gatehouse/otp/v1".utf8), using: SymmetricKey(data: serverSecret)))
        let mac = HMAC<SHA256>.authenticationCode(for: Array((phone + ":" + code).utf8), using: key)
        return Hex.encode(Array(mac))
    }
}

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
