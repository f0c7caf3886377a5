
/// Signature-level verification of compact JWS (RFC 7515 §5.2) under RFC 8725's rules.
enum CompactJWS {
    /// Header members that would let a token choose its own key or add semantics we do not implement.
    static let refusedHeaderMembers = ["crit", "jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"]

    /// Checks everything about `token` except what its payload says.
    ///
    /// The key is found by `kid` alone and the algorithm is the key's; the header's `alg` must merely
    /// agree. When `expectedType` is given (already normalised), the header's `typ` must match it.
    static func verify(
        _ token: String,
        keys: VerificationKeySet,
        maxLength: Int,
        expectedType: String?
    ) throws(TokenError) -> VerifiedJWS {
        try verify(token, maxLength: maxLength, expectedType: expectedType) { kid, _ throws(TokenError) in
            guard let kid else { throw TokenError(.missingKeyID) }
            guard let key = keys.verificationKey(kid: kid) else { throw TokenError(.unknownKeyID) }
            return key
        }
    }

    /// Checks everything about `token` except what its payload says, with the key that `key`
    /// returns for the header's `kid` (nil when absent) and `alg` (already known not to be `none`).
    ///
    /// `key` decides which keys exist and which algorithms it will look keys up for; whatever it
    /// returns, the header's `alg` must be that key's algorithm.
    static func verify(
        _ token: String,
        maxLength: Int,
        expectedType: String?,
        refusing refusedMembers: [String] = refusedHeaderMembers,
        key lookUp: (_ kid: String?, _ alg: String) throws(TokenError) -> VerificationKey
    ) throws(TokenError) -> VerifiedJWS {
        guard token.utf8.count <= maxLength else { throw TokenError(.tooLong) }
        let bytes = Array(token.utf8)
        var dots: [Int] = []
        for index in bytes.indices where bytes[index] == ASCII.dot {
            dots.append(index)
            guard dots.count <= 2 else { throw TokenError(.malformed) }
        }
        guard dots.count == 2 else { throw TokenError(.malformed) }
        let (headerBytes, payload, signature) = bytes.withUnsafeBufferPointer { buffer in
            (
                Base64URL.decode(bytes: UnsafeBufferPointer(rebasing: buffer[..<dots[0]])),
                Base64URL.decode(bytes: UnsafeBufferPointer(rebasing: buffer[(dots[0] + 1)..<dots[1]])),
                Base64URL.decode(bytes: UnsafeBufferPointer(rebasing: buffer[(dots[1] + 1)...]))
            )
        }
        guard let headerBytes, let payload, let signature else { throw TokenError(.invalidBase64URL) }

        let header = try object(headerBytes, malformed: .malformedHeader, duplicate: .duplicateHeaderMember)
        for name in refusedMembers where header[name] != nil { throw TokenError(.forbiddenHeaderMember) }
        guard let alg = header["alg"] else { throw TokenError(.missingAlgorithm) }
        guard case .string(let algorithmName) = alg else { throw TokenError(.algorithmMismatch) }
        if algorithmName.lowercased() == "none" { throw TokenError(.unsecuredAlgorithm) }
        var kid: String? = nil
        if let kidValue = header["kid"] {
            guard case .string(let text) = kidValue else { throw TokenError(.unknownKeyID) }
            kid = text
        }
        let key = try lookUp(kid, algorithmName)
        guard algorithmName == key.algorithm.rawValue else { throw TokenError(.algorithmMismatch) }
        if let expectedType {
            guard case .string(let type)? = header["typ"], normalizedMediaType(type) == expectedType else {
                throw TokenError(.wrongType)
            }
        }
        guard key.isValidSignature(signature, for: Array(bytes[..<dots[1]])) else {
            throw TokenError(.invalidSignature)
        }
        return VerifiedJWS(header: header, payload: payload, key: key)
    }

    /// The `iss` claim of a compact JWS, read without checking anything else: only to choose which
    /// issuer's rules then verify it. Nil when the token is not three parts or has no string `iss`.
    static func unverifiedIssuer(_ token: String) -> String? {
        let parts = token.utf8.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(String(decoding: parts[1], as: UTF8.self)),
            case .object(let claims)? = try? JSONValue.parse(payload)
        else { return nil }
        return claims["iss"]?.stringValue
    }

    /// Parses `bytes` as a JSON object, telling a duplicate member apart from any other problem.
    static func object(
        _ bytes: [UInt8],
        malformed: TokenError.Reason,
        duplicate: TokenError.Reason
    ) throws(TokenError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw TokenError(error.reason == .duplicateMemberName ? duplicate : malformed)
        }
        guard case .object(let object) = value else { throw TokenError(malformed) }
        return object
    }

    /// A media type compared the RFC 7515 §4.1.9 way: ASCII case-insensitively, `application/` optional.
    static func normalizedMediaType(_ type: String) -> String {
        let lowered = String(decoding: type.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        return lowered.hasPrefix("application/") ? String(lowered.dropFirst("application/".count)) : lowered
    }
}
