import Foundation
import GatehouseCore
import Testing

@Suite("tokens verify with PyJWT and joserfc against the served JWKS")
struct InteroperabilityTests {
    /// Verifies with both libraries; prints `ok <sub>` twice or fails.
    static let verifier = #"""
        import json, sys
        token, jwks_text, issuer, audience = sys.argv[1:5]
        jwks = json.loads(jwks_text)
        import jwt
        header = jwt.get_unverified_header(token)
        key = jwt.PyJWKSet.from_dict(jwks)[header["kid"]]
        claims = jwt.decode(token, key=key, algorithms=["ES256", "EdDSA", "RS256"], audience=audience, issuer=issuer)
        print("pyjwt ok", claims["sub"])
        from joserfc import jwt as jose_jwt
        from joserfc.jwk import KeySet
        decoded = jose_jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["ES256", "EdDSA", "RS256"])
        jose_jwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer}, aud={"essential": True, "value": audience}).validate(decoded.claims)
        print("joserfc ok", decoded.claims["sub"])
        """#

    @Test("a token minted by signin verifies against the jwks function's output", arguments: ["ES256", "EdDSA", "RS256"])
    func verifiesWithPythonLibraries(algorithm: String) throws {
        let fixture = try GatehouseFixture()
        let environment = fixture.processEnvironment(["GATEHOUSE_TOKEN_ALG": algorithm])
        let signin = try FunctionProcess.cgi(
            "oauth", SigninRequest.tokenExchange(key: fixture.ownerKey.text, user: "editor"),
            configuration: environment)
        let token = try #require(signin.response.json["access_token"]?.stringValue, "\(signin.stderr)")
        let jwks = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/jwks.json"), configuration: environment
        ).response

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", Self.verifier, token, String(decoding: jwks.body, as: UTF8.self),
            "https://gatehouse.test", "gatehouse-tests",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("pyjwt ok editor"))
        #expect(text.contains("joserfc ok editor"))
        #expect(token.split(separator: ".").first.flatMap { Base64URL.decode($0) }.map { String(decoding: $0, as: UTF8.self) }?
            .contains(#""alg":"\#(algorithm)""#) == true)
    }
}
