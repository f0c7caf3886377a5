/// Why a token was refused.
///
/// Each reason is distinct so tests and metrics can tell attacks apart; the description is short and
/// never contains any part of the token.
public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The check a token failed.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case tooLong, malformed, invalidBase64URL, malformedHeader, duplicateHeaderMember, forbiddenHeaderMember
            case missingAlgorithm, unsecuredAlgorithm, algorithmMismatch, missingKeyID, unknownKeyID, wrongType
            case invalidSignature, malformedClaims, duplicateClaim, wrongIssuer, wrongAudience, missingExpiry
            case expired, notYetValid, issuedInFuture, invalidTimeClaim, disallowedAlgorithm, keySetUnavailable
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// The token is longer than the verifier accepts; nothing else was looked at.
        public static let tooLong = Reason(.tooLong)
        /// The token is not three dot-separated parts.
        public static let malformed = Reason(.malformed)
        /// A part is not canonical unpadded base64url.
        public static let invalidBase64URL = Reason(.invalidBase64URL)
        /// The protected header is not a JSON object.
        public static let malformedHeader = Reason(.malformedHeader)
        /// The protected header names a member twice.
        public static let duplicateHeaderMember = Reason(.duplicateHeaderMember)
        /// The header carries `crit`, `jwk`, `jku`, `x5u`, `x5c`, `x5t` or `x5t#S256`.
        public static let forbiddenHeaderMember = Reason(.forbiddenHeaderMember)
        /// The header has no `alg`.
        public static let missingAlgorithm = Reason(.missingAlgorithm)
        /// The header says `alg` is `none`.
        public static let unsecuredAlgorithm = Reason(.unsecuredAlgorithm)
        /// The header's `alg` is not the algorithm of the key its `kid` names.
        public static let algorithmMismatch = Reason(.algorithmMismatch)
        /// The header has no `kid`.
        public static let missingKeyID = Reason(.missingKeyID)
        /// The header's `kid` names no key in the key set.
        public static let unknownKeyID = Reason(.unknownKeyID)
        /// The header's `typ` is missing or not the expected type.
        public static let wrongType = Reason(.wrongType)
        /// The header's `alg` is not one the token's issuer is configured for (checked before any key
        /// is looked up or fetched).
        public static let disallowedAlgorithm = Reason(.disallowedAlgorithm)
        /// The issuer's keys could not be obtained (JWKS endpoint or store unavailable); the answer is
        /// 503, not 401.
        public static let keySetUnavailable = Reason(.keySetUnavailable)
        /// The signature does not verify with the key.
        public static let invalidSignature = Reason(.invalidSignature)
        /// The payload is not a JSON object.
        public static let malformedClaims = Reason(.malformedClaims)
        /// The claims name a member twice.
        public static let duplicateClaim = Reason(.duplicateClaim)
        /// `iss` is missing or not the expected issuer.
        public static let wrongIssuer = Reason(.wrongIssuer)
        /// `aud` is missing or does not contain the expected audience.
        public static let wrongAudience = Reason(.wrongAudience)
        /// `exp` is missing.
        public static let missingExpiry = Reason(.missingExpiry)
        /// `exp` has passed, leeway included.
        public static let expired = Reason(.expired)
        /// `nbf` is still ahead, leeway included.
        public static let notYetValid = Reason(.notYetValid)
        /// `iat` is in the future, leeway included.
        public static let issuedInFuture = Reason(.issuedInFuture)
        /// `exp`, `nbf` or `iat` is not an integer number of seconds.
        public static let invalidTimeClaim = Reason(.invalidTimeClaim)

        /// A short name for the failed check, safe for logs and metric labels.
        public var description: String {
            switch code {
            case .tooLong: "token too long"
            case .malformed: "token is not three dot-separated parts"
            case .invalidBase64URL: "token part is not canonical base64url"
            case .malformedHeader: "header is not a JSON object"
            case .duplicateHeaderMember: "header repeats a member"
            case .forbiddenHeaderMember: "header carries a refused member"
            case .missingAlgorithm: "header has no alg"
            case .unsecuredAlgorithm: "alg none refused"
            case .algorithmMismatch: "alg does not match the key"
            case .missingKeyID: "header has no kid"
            case .unknownKeyID: "kid names no known key"
            case .wrongType: "unexpected typ"
            case .invalidSignature: "invalid signature"
            case .malformedClaims: "claims are not a JSON object"
            case .duplicateClaim: "claims repeat a member"
            case .wrongIssuer: "wrong issuer"
            case .wrongAudience: "wrong audience"
            case .missingExpiry: "no exp claim"
            case .expired: "token expired"
            case .notYetValid: "token not yet valid"
            case .issuedInFuture: "token issued in the future"
            case .invalidTimeClaim: "time claim is not an integer"
            case .disallowedAlgorithm: "alg not allowed for this issuer"
            case .keySetUnavailable: "issuer keys unavailable"
            }
        }
    }

    /// The check the token failed.
    public let reason: Reason

    /// An error for a token that failed `reason`.
    public init(_ reason: Reason) { self.reason = reason }

    /// The failed check; never any part of the token.
    public var description: String { "invalid token: \(reason)" }
}
