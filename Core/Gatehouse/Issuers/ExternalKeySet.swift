/// The usable keys of an external issuer's public JWK Set.
///
/// Providers publish more than Gatehouse uses: certificate chains (`x5c`, `x5t`, `x5t#S256`),
/// WebCrypto's `ext`, encryption keys (`use: enc`), key types and curves Gatehouse does not speak.
/// Those members are ignored and those keys skipped, so one odd key does not lock every user out;
/// every key that is kept passes the same checks as Gatehouse's own (RSA of 2048 bits or more, no
/// ROCA modulus, a point on the curve, no private member) and has an algorithm the issuer allows.
/// Symmetric (`oct`) keys are never taken from a JWK Set. ES256 signatures of either s are accepted
/// from these keys (``VerificationKey/acceptsHighS``). A `kid` listed twice is ambiguous and
/// both keys are dropped.
enum ExternalKeySet {
    /// Members that carry nothing a signature check needs; they are dropped before parsing.
    private static let ignoredMembers: Set<String> = ["x5c", "x5t", "x5t#S256", "ext"]

    /// The keys of `document` (`{"keys": [ … ]}`) usable for `algorithms`; empty when it is not a
    /// JWK Set.
    static func keys(in document: JSONValue, algorithms: Set<JWSAlgorithm>) -> [VerificationKey] {
        guard let elements = document.objectValue?["keys"]?.arrayValue else { return [] }
        var keys: [VerificationKey] = []
        var seen: [String: Int] = [:]
        for element in elements {
            guard let object = element.objectValue, let kid = object["kid"]?.stringValue else { continue }
            seen[kid, default: 0] += 1
            let kept = JSONObject(uniqueMembers: object.names.filter { !ignoredMembers.contains($0) }.map { ($0, object[$0]!) })
            guard var key = try? VerificationKey(publicJWK: kept), algorithms.contains(key.algorithm) else { continue }
            key.acceptsHighS = true  // external signers do not normalise s (see VerificationKey.acceptsHighS)
            keys.append(key)
        }
        return keys.filter { seen[$0.kid] == 1 }
    }

    /// The keys of a JWK Set document given as bytes; empty when it is not JSON.
    static func keys(in bytes: [UInt8], algorithms: Set<JWSAlgorithm>) -> [VerificationKey] {
        guard let document = try? JSONValue.parse(bytes) else { return [] }
        return keys(in: document, algorithms: algorithms)
    }
}
