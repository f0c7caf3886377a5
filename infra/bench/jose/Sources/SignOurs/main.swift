// One ES256 access-token-shaped JWT signed with Gatehouse's JOSE layer and printed; the process then
// exits. Timed cold against the Swift print floor: the start-up cost of our layer.
//
//   sign-ours          ES256 with a fixed P-256 key
//   sign-ours RS256    RS256 with the 2048-bit key of the private JWK Set in $BENCH_RSA_KEYS_FILE,
//                      read and checked as a function reads GATEHOUSE_SIGNING_KEYS_FILE at start-up
import Crypto
import GatehouseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// A fixed P-256 private key (benchmark only), the same one sign-jwtkit uses.
let secret: [UInt8] = (0..<32).map { UInt8(($0 &* 7 &+ 1) & 0xFF) }
let now = Int64(time(nil))
let key: SigningKey
if CommandLine.arguments.dropFirst().first == "RS256" {
    let path = SystemAccess.environment()["BENCH_RSA_KEYS_FILE"] ?? ""
    guard let bytes = SystemAccess.readFile(path), let first = try JWKSet(privateJWKSetJSON: String(decoding: bytes, as: UTF8.self)).keys.first
    else { fatalError("BENCH_RSA_KEYS_FILE names no readable RS256 key set") }
    key = first
} else {
    key = SigningKey(kid: "bench", privateKey: .p256(try P256.Signing.PrivateKey(rawRepresentation: secret)))
}
let claims: JSONObject = [
    "iss": "https://gatehouse.example", "aud": "gatehouse", "sub": "user_1", "scope": "data:read",
    "iat": .integer(now), "exp": .integer(now + 3600),
]
let token = try JWTSigner.sign(claims: claims, type: "at+jwt", key: key)
print("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n" + token)
