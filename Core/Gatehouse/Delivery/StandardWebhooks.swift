internal import Crypto

/// Standard Webhooks signatures (standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
/// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the bytes of a
/// `whsec_` secret.
public enum StandardWebhooks {
    /// The key bytes of a `whsec_<base64>` secret (24 to 64 bytes), or nil.
    public static func secretBytes(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("whsec_"), let bytes = Base64.decode(text.dropFirst(6)), (24...64).contains(bytes.count)
        else { return nil }
        return bytes
    }

    /// The `v1,…` signature of a message.
    public static func signature(id: String, timestamp: Int64, body: [UInt8], secret: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret))
        return "v1," + Base64.encode(Array(mac))
    }

    /// The three headers for a message sent at `timestamp` (Unix seconds).
    public static func headers(
        id: String, timestamp: Int64, body: [UInt8], secret: [UInt8]
    ) -> [(
        name: String, value: String
    )] {
        [
            ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body, secret: secret)),
        ]
    }
}
