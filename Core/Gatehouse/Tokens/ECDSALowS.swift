/// The low-s rule for P-256 ECDSA signatures (SPEC §5). If (r, s) verifies, so does (r, n − s):
/// a signature is malleable unless one of the two is chosen. Gatehouse accepts only s ≤ n/2 and
/// its signer always emits that one.
enum ECDSALowS {
    /// The order n of the P-256 group, big-endian.
    static let order: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ]
    /// ⌊n/2⌋, big-endian.
    static let halfOrder: [UInt8] = [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ]

    /// Whether the `s` half of a 64-byte `r || s` signature is above n/2.
    static func isHighS(_ signature: [UInt8]) -> Bool {
        let s = signature[32..<64]
        for (byte, limit) in zip(s, halfOrder) where byte != limit { return byte > limit }
        return false
    }

    /// The signature with s replaced by n − s when s is high; unchanged otherwise.
    static func normalized(_ signature: [UInt8]) -> [UInt8] {
        guard signature.count == 64, isHighS(signature) else { return signature }
        var result = signature
        var borrow = 0
        for index in (0..<32).reversed() {
            let difference = Int(order[index]) - Int(signature[32 + index]) - borrow
            borrow = difference < 0 ? 1 : 0
            result[32 + index] = UInt8(difference & 0xFF)
        }
        return result
    }
}
