/// Issues JWTs as compact JWS (RFC 7515 §7.1).
public enum JWTSigner {
    /// A compact JWS of `claims` signed by `key`, with the protected header exactly
    /// `{"alg":…,"typ":type,"kid":…}`; `alg` and `kid` come from the key.
    public static func sign(claims: JSONObject, type: String, key: SigningKey) throws -> String {
        let header = JSONObject(uniqueMembers: [
            ("alg", .string(key.algorithm.rawValue)), ("typ", .string(type)), ("kid", .string(key.kid)),
        ])
        let signingInput = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(claims.serialized())
        let signature = try key.sign(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
