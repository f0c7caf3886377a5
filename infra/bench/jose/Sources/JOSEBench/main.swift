// Sign and verify per second for ES256, EdDSA, RS256 and HS256 with Gatehouse's JOSE layer, raw
// swift-crypto over the same signing input, and vapor/jwt-kit 5, in one process (BENCH.md item 5).
//
//   jose-bench [SECONDS]   each measurement runs ≥ SECONDS (default 1) after a 0.2 s warm-up
//
// "ours" and "jwt-kit" are the whole operation from claims to token and back (JSON, base64url,
// header and claim checks); "raw" is the signature primitive alone over the same bytes.
import Crypto
import Foundation
import _CryptoExtras
import GatehouseCore
import JWTKit

let minimum = Double(CommandLine.arguments.dropFirst().first ?? "") ?? 1.0

// MARK: Timing

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Operations per second of `body`, run in batches until `minimum` seconds have passed.
func rate(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var start = clock.now
    while clock.now - start < .milliseconds(200) { try body() }
    var count = 0
    var elapsed = Duration.zero
    start = clock.now
    repeat {
        for _ in 0..<16 { try body() }
        count += 16
        elapsed = clock.now - start
    } while seconds(elapsed) < minimum
    return Double(count) / seconds(elapsed)
}

func rate(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    var start = clock.now
    while clock.now - start < .milliseconds(200) { try await body() }
    var count = 0
    var elapsed = Duration.zero
    start = clock.now
    repeat {
        for _ in 0..<16 { try await body() }
        count += 16
        elapsed = clock.now - start
    } while seconds(elapsed) < minimum
    return Double(count) / seconds(elapsed)
}

// MARK: Inputs

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

let issuer = "https://gatehouse.example"
// Whole seconds: given a fractional Date, jwt-kit writes fractional NumericDates, which our verifier
// refuses (it requires integers; RFC 7519 allows non-integers). Same claims for both layers.
let now = Int64(Date().timeIntervalSince1970)
let nowDate = Date(timeIntervalSince1970: Double(now))
let ourClaims: JSONObject = [
    "iss": .string(issuer), "aud": "gatehouse", "sub": "user_1", "scope": "data:read",
    "iat": .integer(now), "exp": .integer(now + 3600),
]
let kitClaims = Claims(
    iss: IssuerClaim(value: issuer), aud: AudienceClaim(value: ["gatehouse"]), sub: SubjectClaim(value: "user_1"),
    scope: "data:read", iat: IssuedAtClaim(value: nowDate), exp: ExpirationClaim(value: nowDate.addingTimeInterval(3600)))

let p256 = P256.Signing.PrivateKey()
let ed25519 = Curve25519.Signing.PrivateKey()
let hmacSecret = SymmetricKey(size: .bits256)

let ourES256 = SigningKey(kid: "es", privateKey: .p256(p256))
let ourEdDSA = SigningKey(kid: "ed", privateKey: .ed25519(ed25519))
let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
let ourRS256 = SigningKey(kid: "rs", privateKey: .rsa(rsa))
let ourVerifier = JWTVerifier(
    keys: try JWKSet(keys: [ourES256, ourEdDSA, ourRS256]), issuer: issuer, audience: "gatehouse")

let kitES256 = JWTKeyCollection()
await kitES256.add(ecdsa: try ES256PrivateKey(backing: p256), kid: JWKIdentifier(string: "es"))
let kitEdDSA = JWTKeyCollection()
await kitEdDSA.add(eddsa: EdDSA.PrivateKey(backing: ed25519), kid: JWKIdentifier(string: "ed"))
let kitRS256 = JWTKeyCollection()
await kitRS256.add(rsa: try Insecure.RSA.PrivateKey(backing: rsa), digestAlgorithm: .sha256, kid: JWKIdentifier(string: "rs"))
let kitHS256 = JWTKeyCollection()
await kitHS256.add(hmac: HMACKey(key: hmacSecret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: "hs"))
let kitHeader: JWTHeader = ["typ": .string("at+jwt")]

// MARK: Checks before timing: each layer verifies its own tokens and the other's.

var problems: [String] = []
/// jwt-kit's key collection for the algorithm of one of our keys.
func kitKeys(for key: SigningKey) -> JWTKeyCollection {
    switch key.algorithm {
    case .es256: kitES256
    case .rs256: kitRS256
    default: kitEdDSA
    }
}

/// Whether an ES256 token's signature has s above n/2: jwt-kit leaves s as the signer drew it, so
/// half of its tokens have a high s, which SPEC §5 has Gatehouse refuse (the signature is malleable).
func hasHighS(_ token: String) -> Bool {
    var text = String(token.split(separator: ".")[2]).replacingOccurrences(of: "-", with: "+")
        .replacingOccurrences(of: "_", with: "/")
    while text.count % 4 != 0 { text += "=" }
    let signature = [UInt8](Data(base64Encoded: text) ?? Data())
    precondition(signature.count == 64, "an ES256 signature is 64 bytes")
    let halfOrder: [UInt8] = [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ]
    for (byte, limit) in zip(signature[32...], halfOrder) where byte != limit { return byte > limit }
    return false
}

for key in [ourES256, ourEdDSA, ourRS256] {
    let ours = try JWTSigner.sign(claims: ourClaims, type: "at+jwt", key: key)
    if (try? ourVerifier.verify(ours, now: now)) == nil { problems.append("ours does not verify its own \(key.algorithm.rawValue)") }
    let kit = kitKeys(for: key)
    if (try? await kit.verify(ours, as: Claims.self)) == nil { problems.append("jwt-kit rejects our \(key.algorithm.rawValue) token") }
    // ES256: one jwt-kit token with a low s (ours must accept it) and one with a high s (ours must
    // refuse it); each draw is either with probability 1/2.
    var wanted: [Bool] = key.algorithm == .es256 ? [false, true] : [false]
    for _ in 0..<64 where !wanted.isEmpty {
        let theirs = try await kit.sign(kitClaims, kid: JWKIdentifier(string: key.kid), header: kitHeader)
        let high = key.algorithm == .es256 && hasHighS(theirs)
        guard let position = wanted.firstIndex(of: high) else { continue }
        wanted.remove(at: position)
        if (try? await kit.verify(theirs, as: Claims.self)) == nil { problems.append("jwt-kit does not verify its own \(key.algorithm.rawValue)") }
        do {
            _ = try ourVerifier.verify(theirs, now: now)
            if high { problems.append("ours accepts jwt-kit's ES256 token with a high s (SPEC §5 refuses it)") }
        } catch {
            if !high { problems.append("ours rejects jwt-kit's \(key.algorithm.rawValue) token: \(error)") }
        }
    }
    if !wanted.isEmpty { problems.append("jwt-kit drew no \(key.algorithm.rawValue) token of each kind in 64 tries") }
}
let hsToken = try await kitHS256.sign(kitClaims, header: kitHeader)
if (try? await kitHS256.verify(hsToken, as: Claims.self)) == nil { problems.append("jwt-kit does not verify its own HS256") }

// MARK: Measurements

struct Row {
    let algorithm: String
    let operation: String
    let ours: Double?
    let raw: Double
    let kit: Double
}

var rows: [Row] = []

for key in [ourES256, ourEdDSA, ourRS256] {
    let name = key.algorithm.rawValue
    let kit = kitKeys(for: key)
    let token = try JWTSigner.sign(claims: ourClaims, type: "at+jwt", key: key)
    let parts = token.split(separator: ".")
    let input = Array("\(parts[0]).\(parts[1])".utf8)
    let signature = try key.sign(input)
    let kitToken = try await kit.sign(kitClaims, kid: JWKIdentifier(string: key.kid), header: kitHeader)

    let oursSign = try rate { _ = try JWTSigner.sign(claims: ourClaims, type: "at+jwt", key: key) }
    let kitSign = try await rate { _ = try await kit.sign(kitClaims, kid: JWKIdentifier(string: key.kid), header: kitHeader) }
    let oursVerify = try rate { _ = try ourVerifier.verify(token, now: now) }
    let kitVerify = try await rate { _ = try await kit.verify(kitToken, as: Claims.self) }
    let rawSign: Double
    let rawVerify: Double
    switch key.privateKey {
    case .p256(let privateKey):
        let publicKey = privateKey.publicKey
        let parsed = try P256.Signing.ECDSASignature(rawRepresentation: signature)
        rawSign = try rate { _ = try privateKey.signature(for: input) }
        rawVerify = rate { precondition(publicKey.isValidSignature(parsed, for: input)) }
    case .ed25519(let privateKey):
        let publicKey = privateKey.publicKey
        rawSign = try rate { _ = try privateKey.signature(for: input) }
        rawVerify = rate { precondition(publicKey.isValidSignature(signature, for: input)) }
    case .rsa(let privateKey):
        let publicKey = privateKey.publicKey
        let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
        rawSign = try rate { _ = try privateKey.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5) }
        rawVerify = rate {
            precondition(publicKey.isValidSignature(parsed, for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5))
        }
    }
    rows.append(Row(algorithm: name, operation: "sign", ours: oursSign, raw: rawSign, kit: kitSign))
    rows.append(Row(algorithm: name, operation: "verify", ours: oursVerify, raw: rawVerify, kit: kitVerify))
}

do {
    let parts = hsToken.split(separator: ".")
    let input = Array("\(parts[0]).\(parts[1])".utf8)
    let mac = HMAC<SHA256>.authenticationCode(for: input, using: hmacSecret)
    let rawSign = rate { _ = HMAC<SHA256>.authenticationCode(for: input, using: hmacSecret) }
    let rawVerify = rate { precondition(HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: input, using: hmacSecret)) }
    let kitSign = try await rate { _ = try await kitHS256.sign(kitClaims, header: kitHeader) }
    let kitVerify = try await rate { _ = try await kitHS256.verify(hsToken, as: Claims.self) }
    rows.append(Row(algorithm: "HS256", operation: "sign", ours: nil, raw: rawSign, kit: kitSign))
    rows.append(Row(algorithm: "HS256", operation: "verify", ours: nil, raw: rawVerify, kit: kitVerify))
}

// MARK: Table

func ops(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "—" }
func micros(_ value: Double?) -> String { value.map { String(format: "%.1f", 1e6 / $0) } ?? "—" }
func ratio(_ a: Double?, _ b: Double?) -> String {
    guard let a, let b else { return "—" }
    return String(format: "%.2f×", a / b)
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

print("JOSE layer, operations per second (µs per operation), each ≥ \(minimum) s after a 0.2 s warm-up")
let header = ["alg", "op", "ours ops/s", "ours µs", "raw crypto ops/s", "raw µs", "jwt-kit ops/s", "jwt-kit µs",
              "ours/raw", "ours/jwt-kit"]
let widths = [6, 7, 11, 8, 17, 7, 14, 11, 9, 13]
print(zip(header, widths).map { pad($0, $1) }.joined(separator: " "))
for row in rows {
    let cells = [row.algorithm, row.operation, ops(row.ours), micros(row.ours), ops(row.raw), micros(row.raw), ops(row.kit),
                 micros(row.kit), ratio(row.ours, row.raw), ratio(row.ours, row.kit)]
    print(zip(cells, widths).map { pad($0, $1) }.joined(separator: " "))
}
print("ratios are of ops/s: ours/jwt-kit > 1 means our layer is faster. HS256: our layer has none by design (—).")
for row in rows {
    print("RESULT jose \(row.algorithm) \(row.operation) ours=\(ops(row.ours)) raw=\(ops(row.raw)) jwtkit=\(ops(row.kit))")
}
if problems.isEmpty {
    print("interop: our ES256/EdDSA/RS256 tokens verify with jwt-kit and jwt-kit's with ours (ES256: those with a low s; one with a high s is refused, SPEC §5)")
} else {
    for problem in problems { print("interop problem: \(problem)") }
}
