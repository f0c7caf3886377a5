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
