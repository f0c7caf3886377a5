internal import Crypto

/// Proof Key for Code Exchange, S256 only (RFC 7636, OAUTH.md "Authorization endpoint").
public enum OAuthPKCE {
    /// The challenge of a verifier, `BASE64URL(SHA256(ASCII(verifier)))`, when the verifier is
    /// 43–128 unreserved characters (`A-Z a-z 0-9 - . _ ~`, RFC 7636 §4.1); nil otherwise.
    public static func challenge(ofVerifier verifier: String) -> String? {
        let bytes = Array(verifier.utf8)
        guard (43...128).contains(bytes.count), bytes.allSatisfy(isUnreserved) else { return nil }
        return Base64URL.encode(Array(SHA256.hash(data: bytes)))
    }

    /// Whether a `code_challenge` has the shape of an S256 challenge: 43 base64url characters.
    public static func isChallenge(_ text: String) -> Bool {
        text.utf8.count == 43 && Base64URL.decode(text)?.count == 32
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }
}
