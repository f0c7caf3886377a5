import Crypto

/// Reading and writing the JWK members of the key types Gatehouse supports (RFC 7517, 7518 §6.2,
/// RFC 8037 §2; RSA, RFC 7518 §6.3, in `JWK+RSA.swift`).
enum JWK {
    private static let ellipticCurveMembers: Set<String> = ["kty", "crv", "x", "y", "kid", "alg", "use", "key_ops"]
    private static let octetKeyPairMembers: Set<String> = ["kty", "crv", "x", "kid", "alg", "use", "key_ops"]
    /// Members only a private JWK may carry; `nbf` is Gatehouse's activation time.
    private static let privateOnlyMembers: Set<String> = ["d", "nbf"]
    private static let scalarLength = 32

    /// The members a JWK of either kind must hold, in the order Gatehouse writes them.
    private struct Fields {
        var algorithm: JWSAlgorithm
        var x: [UInt8]
        var y: [UInt8]
        var d: [UInt8]?
        var kid: String
        var notBefore: Int64?
    }

    static func signingKey(from object: JSONObject, keyIndex: Int) throws(KeySetError) -> SigningKey {
        if object["kty"] == "RSA" { return try rsaSigningKey(from: object, keyIndex: keyIndex) }
        let (fields, d) = try readPrivate(object, keyIndex: keyIndex)
        let privateKey: SigningKey.PrivateKey
        let derived: VerificationKey.PublicKey
        let derivedPublic: [UInt8]
        switch fields.algorithm {
        case .edDSA:
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: d) else {
                throw KeySetError(.privateKeyMismatch, keyIndex: keyIndex, member: "d")
            }
            let publicKey = key.publicKey
            privateKey = .ed25519(key)
            derived = .ed25519(publicKey)
            derivedPublic = Array(publicKey.rawRepresentation)
        default:  // ES256: `read` yields no other algorithm
            guard let key = try? P256.Signing.PrivateKey(rawRepresentation: d) else {
                throw KeySetError(.privateKeyMismatch, keyIndex: keyIndex, member: "d")
            }
            let publicKey = key.publicKey
            privateKey = .p256(key)
            derived = .p256(publicKey)
            derivedPublic = Array(publicKey.rawRepresentation)
        }
        let rawPublicKey = fields.x + fields.y  // `y` is empty for Ed25519
        guard derivedPublic == rawPublicKey else {
            throw KeySetError(.privateKeyMismatch, keyIndex: keyIndex, member: "d")
        }
        // The public half was derived once for the check above: start-up pays one scalar
        // multiplication per key, not two, and publishing it encodes the checked bytes again.
        return SigningKey(
            kid: fields.kid, privateKey: privateKey, publicKey: derived,
            rawPublicKey: rawPublicKey, notBefore: fields.notBefore)
    }

    /// The public JWK of a private one, for a process that publishes keys and signs nothing (`jwks`):
    /// every check of ``signingKey(from:keyIndex:)`` but one, `d` being checked in form (base64url,
    /// 32 bytes) and not derived again to compare with `x`/`y`. No key is built: at a cold start the
    /// derivation and its re-encoding cost more than the rest of the request (the functions that
    /// sign make that check at their own start-up). An RSA key is read whole.
    static func publishedKey(from object: JSONObject, keyIndex: Int) throws(KeySetError) -> PublishedKey {
        if object["kty"] == "RSA" {
            return PublishedKey(of: try rsaSigningKey(from: object, keyIndex: keyIndex).verificationKey)
        }
        let (fields, _) = try readPrivate(object, keyIndex: keyIndex)
        let members = publicMembers(fields.algorithm, x: fields.x, y: fields.y)
        let jwk = publicJWK(members, kid: fields.kid, algorithm: fields.algorithm)
        return PublishedKey(kid: fields.kid, algorithm: fields.algorithm, jwk: jwk)
    }

    /// The verification key of a private JWK, for a process that verifies and signs nothing
    /// (`verify`): the checks of ``publishedKey(from:keyIndex:)``, and the public key built from
    /// `x`/`y` (a point on the curve), as ``verificationKey(from:keyIndex:)`` builds it.
    static func verificationKey(ofPrivate object: JSONObject, keyIndex: Int) throws(KeySetError) -> VerificationKey {
        if object["kty"] == "RSA" { return try rsaSigningKey(from: object, keyIndex: keyIndex).verificationKey }
        return try verificationKey(try readPrivate(object, keyIndex: keyIndex).fields, keyIndex: keyIndex)
    }

    static func verificationKey(from object: JSONObject, keyIndex: Int?) throws(KeySetError) -> VerificationKey {
        if object["kty"] == "RSA" { return try rsaVerificationKey(from: object, keyIndex: keyIndex) }
        return try verificationKey(try read(object, keyIndex: keyIndex, isPrivate: false), keyIndex: keyIndex)
    }

    private static func verificationKey(_ fields: Fields, keyIndex: Int?) throws(KeySetError) -> VerificationKey {
        let publicKey: VerificationKey.PublicKey
        switch fields.algorithm {
        case .edDSA:
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: fields.x) else {
                throw KeySetError(.invalidMember, keyIndex: keyIndex, member: "x")
            }
            publicKey = .ed25519(key)
        default:  // ES256: `read` yields no other algorithm
            guard let key = try? P256.Signing.PublicKey(rawRepresentation: fields.x + fields.y) else {
                throw KeySetError(.invalidMember, keyIndex: keyIndex, member: "x")
            }
            publicKey = .p256(key)
        }
        return VerificationKey(kid: fields.kid, publicKey: publicKey, rawPublicKey: fields.x + fields.y)
    }

    /// The members of a private EC or OKP JWK, which must carry `d`.
    private static func readPrivate(
        _ object: JSONObject, keyIndex: Int
    ) throws(KeySetError) -> (fields: Fields, d: [UInt8]) {
        let fields = try read(object, keyIndex: keyIndex, isPrivate: true)
        guard let d = fields.d else { throw KeySetError(.missingMember, keyIndex: keyIndex, member: "d") }
        return (fields, d)
    }

    /// A public JWK: the key type's public `members`, then `kid`, `alg` and `use`.
    static func publicJWK(
        _ members: [(name: String, value: JSONValue)], kid: String, algorithm: JWSAlgorithm
    ) -> JSONObject {
        JSONObject(uniqueMembers: members + [("kid", .string(kid)), ("alg", .string(algorithm.rawValue)), ("use", "sig")])
    }

    private static func read(_ object: JSONObject, keyIndex: Int?, isPrivate: Bool) throws(KeySetError) -> Fields {
        let reader = JWKMemberReader(object: object, keyIndex: keyIndex)
        func failure(_ reason: KeySetError.Reason, _ member: String? = nil) -> KeySetError {
            reader.failure(reason, member)
        }
        func string(_ name: String) throws(KeySetError) -> String? { try reader.string(name) }
        func bytes(_ name: String) throws(KeySetError) -> [UInt8]? {
            guard let text = try string(name) else { return nil }
            guard let decoded = Base64URL.decode(text), decoded.count == scalarLength else {
                throw failure(.invalidMember, name)
            }
            return decoded
        }

        guard let kty = try string("kty") else { throw failure(.missingMember, "kty") }
        let algorithm: JWSAlgorithm
        let allowed: Set<String>
        let curve: String
        switch kty {
        case "EC": (algorithm, allowed, curve) = (.es256, ellipticCurveMembers, "P-256")
        case "OKP": (algorithm, allowed, curve) = (.edDSA, octetKeyPairMembers, "Ed25519")
        default: throw failure(.unsupportedKeyType, "kty")
        }
        for name in object.names where !allowed.contains(name) {
            guard privateOnlyMembers.contains(name) else { throw failure(.unknownMember) }
            guard isPrivate else {
                throw name == "d" ? failure(.unexpectedPrivateKey, "d") : failure(.unknownMember, name)
            }
        }

        guard let crv = try string("crv") else { throw failure(.missingMember, "crv") }
        guard crv == curve else { throw failure(.unsupportedCurve, "crv") }
        guard let x = try bytes("x") else { throw failure(.missingMember, "x") }
        var y: [UInt8] = []
        if algorithm == .es256 {
            guard let value = try bytes("y") else { throw failure(.missingMember, "y") }
            y = value
        }
        guard let kid = try string("kid") else { throw failure(.missingMember, "kid") }
        guard !kid.isEmpty else { throw failure(.invalidMember, "kid") }
        if let alg = try string("alg"), alg != algorithm.rawValue { throw failure(.invalidMember, "alg") }
        if let use = try string("use"), use != "sig" { throw failure(.notASigningKey, "use") }
        try checkOperations(object["key_ops"], isPrivate: isPrivate, failure: failure)
        var notBefore: Int64? = nil
        if let nbf = object["nbf"] {
            guard case .integer(let seconds) = nbf else { throw failure(.invalidMember, "nbf") }
            notBefore = seconds
        }
        return Fields(algorithm: algorithm, x: x, y: y, d: try bytes("d"), kid: kid, notBefore: notBefore)
    }

    /// `key_ops`, when present, must be distinct strings naming only signature operations, including
    /// the one this kind of key performs (`sign` for a private key, `verify` for a public one).
    static func checkOperations(
        _ value: JSONValue?,
        isPrivate: Bool,
        failure: (KeySetError.Reason, String?) -> KeySetError
    ) throws(KeySetError) {
        guard let value else { return }
        guard case .array(let elements) = value, !elements.isEmpty else { throw failure(.invalidMember, "key_ops") }
        var operations: Set<String> = []
        for element in elements {
            guard case .string(let operation) = element, operations.insert(operation).inserted else {
                throw failure(.invalidMember, "key_ops")
            }
        }
        guard operations.isSubset(of: ["sign", "verify"]), operations.contains(isPrivate ? "sign" : "verify") else {
            throw failure(.notASigningKey, "key_ops")
        }
    }

    /// The public members of `key`; `rawPublicKey`, when given, is its `rawRepresentation` known
    /// already (no point conversion).
    static func publicMembers(
        of key: VerificationKey.PublicKey, rawPublicKey: [UInt8]? = nil
    ) -> [(name: String, value: JSONValue)] {
        switch key {
        case .p256(let key):
            let point = rawPublicKey ?? Array(key.rawRepresentation)
            return publicMembers(.es256, x: point[0..<scalarLength], y: point[scalarLength...])
        case .ed25519(let key):
            return publicMembers(.edDSA, x: rawPublicKey ?? Array(key.rawRepresentation), y: [])
        case .rsa(let key):
            return rsaPublicMembers(of: key)
        case .sharedSecret:
            return [("kty", "oct")]  // never `k`: a secret is not published
        }
    }

    /// The public members of an EC P-256 (`.es256`) or OKP Ed25519 (`.edDSA`) key with these coordinates.
    private static func publicMembers(
        _ algorithm: JWSAlgorithm, x: some Collection<UInt8>, y: some Collection<UInt8>
    ) -> [(name: String, value: JSONValue)] {
        algorithm == .edDSA
            ? [("kty", "OKP"), ("crv", "Ed25519"), ("x", .string(Base64URL.encode(x)))]
            : [("kty", "EC"), ("crv", "P-256"), ("x", .string(Base64URL.encode(x))), ("y", .string(Base64URL.encode(y)))]
    }

    /// The private members of a key, in the order RFC 7518 lists them: `d`; for RSA also `p`, `q`,
    /// `dp`, `dq`, `qi`.
    static func privateMembers(of key: SigningKey.PrivateKey) -> [(name: String, value: JSONValue)] {
        switch key {
        case .p256(let key): return [("d", .string(Base64URL.encode(Array(key.rawRepresentation))))]
        case .ed25519(let key): return [("d", .string(Base64URL.encode(Array(key.rawRepresentation))))]
        case .rsa(let key):
            // A key that was built has a PKCS #1 encoding; reading it back fails only on a BoringSSL bug.
            let components = try! rsaPrivateComponents(of: key)
            return components.filter { !["n", "e"].contains($0.name) }.map { ($0.name, .string(Base64URL.encode($0.value))) }
        }
    }

    /// RFC 7638: SHA-256 over the required members, names in lexical order, no whitespace.
    static func thumbprint(of key: VerificationKey.PublicKey) -> String {
        let required = publicMembers(of: key).sorted { $0.name < $1.name }
        let digest = SHA256.hash(data: JSONObject(uniqueMembers: required).serialized())
        return Base64URL.encode(Array(digest))
    }
}
