import Crypto
import SwiftASN1
import _CryptoExtras

/// RSA JWKs (RFC 7518 §6.3) for RS256 and PS256: public `n`/`e`; private keys also carry `d`, the
/// primes `p`/`q` and the CRT members `dp`/`dq`/`qi`.
extension JWK {
    private static let rsaPublicMembers: Set<String> = ["kty", "n", "e", "kid", "alg", "use", "key_ops"]
    private static let rsaPrivateMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "nbf"]
    /// Smaller moduli are refused (RFC 7518 §3.3 requires 2048 bits).
    static let minimumRSABits = 2048
    /// Larger moduli are refused: they buy nothing and make every verification slow.
    static let maximumRSABits = 8192

    /// The members of an RSA JWK, checked but not yet made into a key.
    private struct RSAFields {
        var algorithm: JWSAlgorithm
        var n: [UInt8]
        var e: [UInt8]
        var kid: String
        var privateMembers: [String: [UInt8]]
        var notBefore: Int64?
    }

    static func rsaVerificationKey(from object: JSONObject, keyIndex: Int?) throws(KeySetError) -> VerificationKey {
        let fields = try readRSA(object, keyIndex: keyIndex, isPrivate: false)
        guard let key = try? _RSA.Signing.PublicKey(n: fields.n, e: fields.e) else {
            throw KeySetError(.invalidMember, keyIndex: keyIndex, member: "n")
        }
        return VerificationKey(kid: fields.kid, publicKey: .rsa(key), algorithm: fields.algorithm)
    }

    static func rsaSigningKey(from object: JSONObject, keyIndex: Int) throws(KeySetError) -> SigningKey {
        let fields = try readRSA(object, keyIndex: keyIndex, isPrivate: true)
        let members = fields.privateMembers
        for name in ["d", "p", "q", "dp", "dq", "qi"] where members[name] == nil {
            throw KeySetError(.missingMember, keyIndex: keyIndex, member: name)
        }
        // BoringSSL parses the PKCS #1 encoding of all eight members and checks that they belong
        // together (RSA_check_key): cheaper at start-up than rebuilding the CRT values from d, p, q.
        let integers = [fields.n, fields.e] + ["d", "p", "q", "dp", "dq", "qi"].map { members[$0]! }
        guard let der = try? pkcs1PrivateKey(integers), let key = try? _RSA.Signing.PrivateKey(derRepresentation: der)
        else { throw KeySetError(.privateKeyMismatch, keyIndex: keyIndex, member: "d") }
        return SigningKey(kid: fields.kid, privateKey: .rsa(key), notBefore: fields.notBefore, algorithm: fields.algorithm)
    }

    /// `n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi` of a private key, minimal big-endian, read from its
    /// PKCS #1 `RSAPrivateKey` encoding (RFC 8017 §A.1.2).
    static func rsaPrivateComponents(of key: _RSA.Signing.PrivateKey) throws -> [(name: String, value: [UInt8])] {
        let node = try DER.parse(Array(key.derRepresentation))
        let integers: [ArraySlice<UInt8>] = try DER.sequence(node, identifier: .sequence) { nodes in
            var values: [ArraySlice<UInt8>] = []
            while let next = nodes.next() { values.append(try ArraySlice<UInt8>(derEncoded: next)) }
            return values
        }
        let names = ["version", "n", "e", "d", "p", "q", "dp", "dq", "qi"]
        guard integers.count == names.count, minimal(Array(integers[0])) == [0] else { throw KeySetError(.invalidMember) }
        return zip(names, integers).dropFirst().map { ($0, minimal(Array($1))) }
    }

    /// The PKCS #1 `RSAPrivateKey` (RFC 8017 §A.1.2, version 0) of `n, e, d, p, q, dp, dq, qi`.
    private static func pkcs1PrivateKey(_ integers: [[UInt8]]) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(0)
            for integer in integers { try coder.serialize(ArraySlice(integer)) }
        }
        return serializer.serializedBytes
    }

    /// `kty`, `n` and `e` of a public key.
    static func rsaPublicMembers(of key: _RSA.Signing.PublicKey) -> [(name: String, value: JSONValue)] {
        // A key that exists has primitives; BoringSSL fails here only on allocation failure.
        let primitives = try! key.getKeyPrimitives()
        return [
            ("kty", "RSA"), ("n", .string(Base64URL.encode(minimal(Array(primitives.modulus))))),
            ("e", .string(Base64URL.encode(minimal(Array(primitives.publicExponent))))),
        ]
    }

    private static func readRSA(_ object: JSONObject, keyIndex: Int?, isPrivate: Bool) throws(KeySetError) -> RSAFields {
        let reader = JWKMemberReader(object: object, keyIndex: keyIndex)
        func failure(_ reason: KeySetError.Reason, _ member: String? = nil) -> KeySetError {
            reader.failure(reason, member)
        }
        func string(_ name: String) throws(KeySetError) -> String? { try reader.string(name) }
        /// A base64url unsigned integer without leading zero octets (RFC 7518 §2, "Base64urlUInt").
        func integer(_ name: String) throws(KeySetError) -> [UInt8]? {
            guard let text = try string(name) else { return nil }
            guard let bytes = Base64URL.decode(text), let first = bytes.first, first != 0 else {
                throw failure(.invalidMember, name)
            }
            return bytes
        }

        for name in object.names where !rsaPublicMembers.contains(name) {
            guard rsaPrivateMembers.contains(name) else { throw failure(.unknownMember) }
            guard isPrivate else {
                throw name == "nbf" ? failure(.unknownMember, name) : failure(.unexpectedPrivateKey, name)
            }
        }
        guard let n = try integer("n") else { throw failure(.missingMember, "n") }
        let bits = n.count * 8 - n[0].leadingZeroBitCount
        guard (minimumRSABits...maximumRSABits).contains(bits) else { throw failure(.keyTooSmall, "n") }
        guard n.last! & 1 == 1, !RSAModulus.hasROCAFingerprint(n) else { throw failure(.weakKey, "n") }
        guard let e = try integer("e") else { throw failure(.missingMember, "e") }
        // e is odd, at least 3 and at most 32 bits (BoringSSL's own bound is 33 bits).
        guard e.count <= 4, e.last! & 1 == 1, e.count > 1 || e[0] >= 3 else { throw failure(.weakKey, "e") }

        guard let kid = try string("kid") else { throw failure(.missingMember, "kid") }
        guard !kid.isEmpty else { throw failure(.invalidMember, "kid") }
        var algorithm = JWSAlgorithm.rs256
        if let alg = try string("alg") {
            guard let named = JWSAlgorithm(rawValue: alg), named == .rs256 || named == .ps256 else {
                throw failure(.invalidMember, "alg")
            }
            algorithm = named
        }
        if let use = try string("use"), use != "sig" { throw failure(.notASigningKey, "use") }
        try checkOperations(object["key_ops"], isPrivate: isPrivate, failure: failure)
        var privateMembers: [String: [UInt8]] = [:]
        for name in ["d", "p", "q", "dp", "dq", "qi"] {
            if let value = try integer(name) { privateMembers[name] = value }
        }
        var notBefore: Int64? = nil
        if let nbf = object["nbf"] {
            guard case .integer(let seconds) = nbf else { throw failure(.invalidMember, "nbf") }
            notBefore = seconds
        }
        return RSAFields(
            algorithm: algorithm, n: n, e: e, kid: kid, privateMembers: privateMembers, notBefore: notBefore)
    }

    /// Big-endian bytes without leading zero octets (at least one byte).
    static func minimal(_ bytes: [UInt8]) -> [UInt8] {
        let trimmed = bytes.drop { $0 == 0 }
        return trimmed.isEmpty ? [0] : Array(trimmed)
    }
}
