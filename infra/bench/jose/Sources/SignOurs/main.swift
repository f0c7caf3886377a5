// One ES256 access-token-shaped JWT signed with Gatehouse's JOSE layer and printed; the process then
// exits. Timed cold against the Swift print floor: the start-up cost of our layer.
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
let key = SigningKey(kid: "bench", privateKey: .p256(try P256.Signing.PrivateKey(rawRepresentation: secret)))
let claims: JSONObject = [
    "iss": "https://gatehouse.example", "aud": "gatehouse", "sub": "user_1", "scope": "data:read",
    "iat": .integer(now), "exp": .integer(now + 3600),
]
let token = try JWTSigner.sign(claims: claims, type: "at+jwt", key: key)
print("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n" + token)
