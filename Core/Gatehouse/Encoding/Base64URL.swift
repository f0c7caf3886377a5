/// Unpadded base64url (RFC 4648 §5), as JOSE uses it (RFC 7515 §2).
///
/// Decoding accepts only the canonical encoding: no padding, no characters outside the alphabet
/// (whitespace included), no length that leaves a single character over, and zero bits in the unused
/// low bits of the last character. So every byte string has exactly one accepted text, and a token
/// cannot be re-encoded into a second form that a cache or a deny list would see as different.
public enum Base64URL {
    /// The unpadded base64url text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.encode(bytes, alphabet: Base64Codec.urlAlphabet, padded: false)
    }

    /// The bytes `text` encodes, or nil when it is not canonical unpadded base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(bytes: $0) }) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer { decode(bytes: $0) }
    }

    /// The bytes that the base64url text in `bytes` encodes, or nil; see ``decode(_:)``.
    static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        Base64Codec.decode(bytes, table: Base64Codec.urlDecodingTable, padded: false)
    }
}
