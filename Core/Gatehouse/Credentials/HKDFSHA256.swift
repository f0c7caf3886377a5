internal import Crypto

/// HKDF-SHA256 (RFC 5869) over swift-crypto's HMAC, for the keys Gatehouse derives from its server
/// secret (the HTML pages' CSRF, sealing and reveal keys; the idempotency seal).
///
/// Written out rather than calling `HKDF<SHA256>.deriveKey`: swift-crypto's expand step hands its
/// output to `SymmetricKey` as a `Slice<SecureBytes>`, and that slice's first `count` in a process
/// is unspecialized generic code that resolves the slice's associated types at run time (a scan of
/// every conformance record of the executable): 0.19 M instructions, about 5 % of a cold OAuth
/// sign-in page (infra/bench/RESULTS.md). The same computation with HMAC over byte arrays, the
/// call the CSRF tokens make anyway, costs a few thousand. `HKDFTests` holds it to RFC 5869's test
/// vectors and to swift-crypto's HKDF.
enum HKDFSHA256 {
    /// `outputByteCount` bytes (at most 255 × 32) of HKDF-SHA256 of `secret` with `salt` and `info`.
    static func derive(secret: [UInt8], salt: [UInt8], info: [UInt8], outputByteCount: Int = 32) -> [UInt8] {
        expand(pseudoRandomKey: extract(secret: secret, salt: salt), info: info, outputByteCount: outputByteCount)
    }

    /// The same as a symmetric key.
    static func deriveKey(secret: [UInt8], salt: [UInt8], info: [UInt8], outputByteCount: Int = 32) -> SymmetricKey {
        SymmetricKey(data: derive(secret: secret, salt: salt, info: info, outputByteCount: outputByteCount))
    }

    /// HKDF-Extract: PRK = HMAC(salt, IKM). An empty salt is a key of zero bytes (HMAC pads it, as
    /// RFC 5869's default salt of zeros).
    static func extract(secret: [UInt8], salt: [UInt8]) -> SymmetricKey {
        SymmetricKey(data: authenticationCode(key: SymmetricKey(data: salt), secret))
    }

    /// HKDF-Expand: T(i) = HMAC(PRK, T(i-1) | info | i), the output T(1) | T(2) | … cut to length.
    static func expand(pseudoRandomKey: SymmetricKey, info: [UInt8], outputByteCount: Int = 32) -> [UInt8] {
        precondition(outputByteCount > 0 && outputByteCount <= 255 * 32, "HKDF-SHA256 output of \(outputByteCount) bytes")
        var output: [UInt8] = []
        output.reserveCapacity(outputByteCount + 32)
        var previous: [UInt8] = []
        var counter: UInt8 = 1
        while output.count < outputByteCount {
            previous = authenticationCode(key: pseudoRandomKey, previous, info, [counter])
            output += previous
            counter &+= 1
        }
        output.removeLast(output.count - outputByteCount)
        return output
    }

    /// HMAC-SHA256 of the parts, in order, as one message.
    private static func authenticationCode(key: SymmetricKey, _ parts: [UInt8]...) -> [UInt8] {
        var message: [UInt8] = []
        for part in parts { message += part }
        return HMAC<SHA256>.authenticationCode(for: message, using: key).withUnsafeBytes { Array($0) }
    }
}
