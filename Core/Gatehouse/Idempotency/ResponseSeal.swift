internal import Crypto

/// Responses kept for replay are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
/// the server secret and the idempotency key, so a key returned once never rests in Redis in
/// plaintext.
public enum ResponseSeal {
    /// The sealing key for one idempotency record.
    static func key(serverSecret: [UInt8], scope: String, idempotencyKey: String) -> SymmetricKey {
        HKDFSHA256.deriveKey(
            secret: serverSecret, salt: Array("gatehouse idempotency v1".utf8), info: Array((scope + "\n" + idempotencyKey).utf8))
    }

    /// Seals a response (status, headers, body).
    public static func seal(
        _ response: APIResponse, serverSecret: [UInt8], scope: String, idempotencyKey: String
    ) throws -> [UInt8] {
        let object: JSONObject = [
            "status": .integer(Int64(response.status)),
            "headers": .array(response.headers.map { .array([.string($0.name), .string($0.value)]) }),
            "body": .string(Base64.encode(response.body)),
        ]
        let key = key(serverSecret: serverSecret, scope: scope, idempotencyKey: idempotencyKey)
        let box = try AES.GCM.seal(JSONValue.object(object).serialized(), using: key, authenticating: Array(scope.utf8))
        guard let combined = box.combined else { throw GatehouseError.internal }
        return Array(combined)
    }

    /// Opens a sealed response; nil when it does not open under this key.
    public static func open(
        _ sealed: [UInt8], serverSecret: [UInt8], scope: String, idempotencyKey: String
    ) -> APIResponse? {
        let key = key(serverSecret: serverSecret, scope: scope, idempotencyKey: idempotencyKey)
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let plain = try? AES.GCM.open(box, using: key, authenticating: Array(scope.utf8)),
            let object = try? JSONValue.parse(Array(plain)).objectValue,
            let status = object["status"]?.integerValue, let body = object["body"]?.stringValue.flatMap(Base64.decode)
        else { return nil }
        var headers = HeaderFields()
        for pair in object["headers"]?.arrayValue ?? [] {
            if let name = pair.arrayValue?.first?.stringValue, let value = pair.arrayValue?.last?.stringValue {
                headers.add(name, value)
            }
        }
        return APIResponse(status: Int(status), headers: headers, body: body)
    }
}
