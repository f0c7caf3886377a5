/// Standard padded base64 (RFC 4648 §4), as AWS Lambda uses for `isBase64Encoded` bodies.
///
/// Decoding accepts only the canonical padded encoding: a length that is a multiple of four, `=`
/// only as the final one or two characters, no whitespace or line breaks, and zero unused bits.
public enum Base64 {
    /// The padded base64 text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.encode(bytes, alphabet: Base64Codec.standardAlphabet, padded: true)
    }

    /// The bytes `text` encodes, or nil when it is not canonical padded base64.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let decode = { (bytes: UnsafeBufferPointer<UInt8>) in
            Base64Codec.decode(bytes, table: Base64Codec.standardDecodingTable, padded: true)
        }
        if let decoded = text.utf8.withContiguousStorageIfAvailable(decode) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer(decode)
    }
}
