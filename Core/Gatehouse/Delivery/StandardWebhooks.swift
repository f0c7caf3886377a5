internal import Crypto

/// Standard Webhooks signatures (standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
/// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the bytes of a
/// `whsec_<base64>` secret.
public struct StandardWebhooks: Sendable, Equatable {
    private let key: [UInt8]

    /// A signer for a `whsec_…` secret; nil when the secret is not `whsec_` + base64 of 24–64 bytes.
    public init?(secret: String) {
        guard secret.hasPrefix("whsec_"), let key = Base64.decode(secret.dropFirst(6)), (24...64).contains(key.count)
        else { return nil }
        self.key = key
    }

    /// The `v1,…` signature of a message.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key))
        return "v1," + Base64.encode(Array(mac))
    }

    /// The three headers of a message.
    public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(String, String)] {
        [
            ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
        ]
    }

    /// A new random secret.
    public static func generateSecret() -> String {
        "whsec_" + Base64.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }
}
