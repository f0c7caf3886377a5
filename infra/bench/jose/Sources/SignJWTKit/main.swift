// One ES256 JWT with the same claims signed with vapor/jwt-kit 5 and printed; the process then
// exits. Timed cold against the Swift print floor: the start-up cost of jwt-kit.
import Crypto
import Foundation
import JWTKit

struct Claims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var scope: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try aud.verifyIntendedAudience(includes: "gatehouse")
    }
}

// A fixed P-256 private key (benchmark only), the same one sign-ours uses.
let secret: [UInt8] = (0..<32).map { UInt8(($0 &* 7 &+ 1) & 0xFF) }
let keys = JWTKeyCollection()
await keys.add(ecdsa: try ES256PrivateKey(backing: P256.Signing.PrivateKey(rawRepresentation: secret)),
               kid: JWKIdentifier(string: "bench"))
let now = Date(timeIntervalSince1970: Double(Int64(Date().timeIntervalSince1970)))
let claims = Claims(
    iss: IssuerClaim(value: "https://gatehouse.example"), aud: AudienceClaim(value: ["gatehouse"]),
    sub: SubjectClaim(value: "user_1"), scope: "data:read", iat: IssuedAtClaim(value: now),
    exp: ExpirationClaim(value: now.addingTimeInterval(3600)))
let token = try await keys.sign(claims, header: ["typ": "at+jwt"])
print("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n" + token)
